# The yearly recognition cycle from the command line: register, the three steps in order, a
# recognition refused with its reasons until every required criterion is met at appraisal with
# evidence, then recognised; revocation, re-check, dates typed dd/mm/yyyy, and the titles listing.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 51

V=24934-01                        # the village added under Lạc Xuân below
kme() { km --lang en "$@"; }      # messages checked in English (the default is Vietnamese)
titles_csv() { km titles "$V" --format csv; }
# events: the event column of the titles, one line.
events() { titles_csv | sed 1d | cut -d, -f3 | paste -sd' ' -; }

run km areas add --parent "Lạc Xuân" "Thôn 1"
check "a village added" "0 $V	Thôn 1" "$rc $out"

# ---- registration
run kme register "$V" --year 2024 --title model --date 01/02/2024 --note "Đăng ký tại hội nghị"
check "register: exit 0, nothing on stderr" "0:" "$rc:$err"
has "register: a confirmation naming the title and the date" "$out" "model residential area, on 01/02/2024"
run kme register "$V" --year 2024 --title kieumau
check "an unknown title: exit 1" 1 "$rc"
has "an unknown title: the known ones are named" "$err" "exemplary or model"
run kme register "$V" --year 2024
check "register without --title: usage, exit 2" 2 "$rc"
run kme register "$V" --title model
check "register without --year: usage, exit 2" 2 "$rc"
run kme register "Lạc Xuân" --year 2024 --title model --date 01/02/2024
check "a commune cannot register: exit 1" 1 "$rc"
has "a commune cannot register: the reason" "$err" "villages and residential groups"
run kme register "$V" --year 2025 --title model --date 31/02/2025
check "31/02/2025 refused: exit 1" 1 "$rc"
has "31/02/2025 refused: the date and why" "$err" "\"31/02/2025\": No such day in that month"
run kme register "$V" --year 2024 --title model --date 16/06/2024
check "a registration dated tomorrow refused: exit 1" 1 "$rc"
has "a date after today: the reason" "$err" "after today"
check "only the first registration is recorded" "registered" "$(events)"

# ---- steps
run kme step "$V" --year 2024 appraised --date 01/03/2024
check "appraisal before the self-assessment: exit 1" 1 "$rc"
has "appraisal before the self-assessment: steps go in order" "$err" "in order"
run kme step "$V" --year 2024 self-assessed --date 31/01/2024
check "a step before the registration: exit 1" 1 "$rc"
run kme step "$V" --year 2024 self-assessed --date 01/03/2024 --note "Họp dân"
check "self-assessment done: exit 0" "0:" "$rc:$err"
has "self-assessment: a confirmation" "$out" "self-assessment done on 01/03/2024"
run kme step "$V" --year 2024 appraised --date 28/02/2024
check "an appraisal dated before the self-assessment: exit 1" 1 "$rc"
has "the appraisal's date: the reason" "$err" "before \"self-assessment done\" (01/03/2024)"
run kme step "$V" --year 2024 appraised --date 01/04/2024
check "appraisal done: exit 0" 0 "$rc"
run kme step "$V" --year 2024 inspected
check "inspection done (today by default): exit 0" 0 "$rc"
has "inspection: today's date" "$out" "district inspection done on 15/06/2024"
run kme step "$V" --year 2024 appraised --undo
check "undoing the appraisal while the inspection is recorded: exit 1" 1 "$rc"
run kme step "$V" --year 2024 inspect
check "an unknown step: exit 1" 1 "$rc"

# ---- recognition refused, with every reason
required=$(km criteria show minh-hoa-2021 --format csv | awk -F, 'NR > 1 && $(NF - 1) == "yes"' | wc -l)
run kme recognise "$V" --year 2024 --level province --decision 12/QĐ-MTTQ --date 15/06/2024
check "recognise with nothing judged at appraisal: exit 1" 1 "$rc"
has "the refusal begins with Cannot recognise" "$(row 0 "$err")" "Cannot recognise:"
ok "the set has required criteria" test "$required" -gt 0
check "one line per required criterion on stderr" "$required" \
	"$(printf '%s\n' "$err" | grep -c ': not assessed at appraisal$')"
has "KT01 is named with its name" "$err" "KT01 Vườn hộ và công trình chăn nuôi chỉnh trang, hợp vệ sinh: not assessed at appraisal"
has "DC01 is named" "$err" "DC01 Ban Công tác Mặt trận xếp loại: not assessed at appraisal"
check "nothing recognised" "registered" "$(events)"

# ---- every required criterion met at appraisal, with evidence except MT06
status=$(km status "$V" --year 2024 --format csv)
fails=
for code in $(printf '%s\n' "$status" | sed 1d | cut -d, -f1); do
	case $(printf '%s\n' "$status" | csv_get "$code" measure) in
	yesno) set -- --met ;;
	count) set -- --value 0 ;;
	rating) set -- --value "Vững mạnh" ;;
	*) set -- --value 100 ;;
	esac
	if [ "$code" = MT06 ]; then
		km assess "$V" "$code" --year 2024 --stage appraisal "$@" || fails="$fails $code"
	else
		km assess "$V" "$code" --year 2024 --stage appraisal "$@" --evidence "Biên bản thẩm định số 3" ||
			fails="$fails $code"
	fi
done
check "every criterion judged at appraisal" "" "$fails"
run kme recognise "$V" --year 2024 --level province --decision 12/QĐ-MTTQ --date 15/06/2024
check "MT06 without evidence: exit 1" 1 "$rc"
check "only MT06 is missing, for want of evidence" \
	"Cannot recognise:
MT06 Biển báo đầu trục, cắm mốc hành lang: no evidence at appraisal" "$(printf '%s\n' "$err" | sed 's/^kieumau: //')"

km assess "$V" MT06 --year 2024 --stage appraisal --met --evidence "Ảnh biển báo đầu trục"
run kme recognise "$V" --year 2024 --level province --decision 12/QĐ-MTTQ --date 15/06/2024 \
	--body "Ủy ban MTTQ tỉnh Lâm Đồng"
check "recognised: exit 0, nothing on stderr" "0:" "$rc:$err"
has "recognised: a confirmation" "$out" "recognised for 2024 as model residential area, province level, decision 12/QĐ-MTTQ of 15/06/2024"
run kme recognise "$V" --year 2024 --level province --decision 13/QĐ-MTTQ --date 15/06/2024
check "recognised twice: exit 1" 1 "$rc"
has "recognised twice: the reason" "$err" "Already recognised for 2024"
run kme register "$V" --year 2024 --cancel
check "a recognised registration cannot be cancelled: exit 1" 1 "$rc"

# ---- the next year: re-check, then revocation
KIEUMAU_TODAY=2025-03-01
run kme recheck "$V" --year 2025 maintained --date 01/03/2025
check "re-check in 2025: exit 0" "0:" "$rc:$err"
run kme recheck "$V" --year 2024 improved
check "a re-check in the year of the recognition: exit 1" 1 "$rc"
run kme revoke "$V" --year 2024 --decision 2/QĐ-MTTQ --date 15/06/2024
check "revoke without a reason: usage, exit 2" 2 "$rc"
run kme revoke "$V" --year 2024 --decision 2/QĐ-MTTQ --date 14/06/2024 --reason "Vi phạm"
check "a revocation before the recognition: exit 1" 1 "$rc"
run kme revoke "$V" --year 2024 --decision 2/QĐ-MTTQ --date 15/06/2024 --reason "Vi phạm, tái lấn chiếm"
check "revoked: exit 0" "0:" "$rc:$err"

# ---- the titles
check "titles csv: every event, in order" "registered recognised revoked rechecked" "$(events)"
check "titles csv: the header" "year,date,event,text" "$(row 0 "$(titles_csv)")"
has "titles csv: the recognition, ISO date and its text" "$(km --lang en titles "$V" --format csv)" \
	'2024,2024-06-15,recognised,"2024: recognised as model residential area, province level, decision 12/QĐ-MTTQ of 15/06/2024 by Ủy ban MTTQ tỉnh Lâm Đồng"'
run kme titles "$V"
has "titles (text): the village's path" "$(row 0 "$out")" "Lạc Xuân › Thôn 1  ($V)"
has "titles (text): the revocation with its reason" "$out" \
	"2024: recognition revoked, decision 2/QĐ-MTTQ of 15/06/2024: Vi phạm, tái lấn chiếm"
