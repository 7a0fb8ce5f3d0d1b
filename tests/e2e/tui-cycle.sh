# The recognition cycle in the TUI (headless, --script): R opens a village's cycle; Enter on a
# line opens its form (register, the steps), the decision is refused while criteria are missing
# (listed under its line), then recorded once they are met with evidence; a commendation is
# added from the cycle; x undoes a step; the CLI sees the same records.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 15

export KIEUMAU_TODAY=2025-12-31
V=24934-01
run km areas add --parent "Lạc Xuân" "Thôn 1"
check "a village added" 0 "$rc"
titles() { km titles "$V" --format csv | sed 1d | cut -d, -f3 | paste -sd' ' -; }

KM_OPTS="--lang en --year 2025"
# Register (form: title, date, note: Enter saves with today's date), then the self-assessment.
script_run c1 "/" ":type thon 1" "Enter" "R" ":dump $tmp/a" \
	"Enter" ":dump $tmp/b" "Tab" "C-u" ":type 01/03/2025" "Enter" \
	"j" "Enter" "C-u" ":type 10/10/2025" "Enter" ":dump $tmp/c" \
	"j j j" "Enter" ":dump $tmp/d" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "R opens the cycle of the village" "$(row 0 "$(dump a)")" "Thôn 1  (recognition)"
has "not registered at first" "$(line_of "$(dump a)" Registered)" "not yet"
has "Enter on Registered opens its form, the title first" "$(dump b)" "‹ model residential area ›"
has "registered: the title and the date typed" "$(line_of "$(dump c)" Registered)" "model residential area · 01/03/2025"
has "the self-assessment recorded with its date" "$(line_of "$(dump c)" "self-assessment done")" "10/10/2025"
has "the decision refused while criteria are missing" "$(row 22 "$(dump d)")" "Not eligible yet"
has "the missing criteria are listed under the decision" "$(dump d)" "✗ KT01"
check "the CLI sees the registration" "registered" "$(titles)"

# Every required criterion met at appraisal, with evidence, through the CLI.
status=$(km status "$V" --year 2025 --format csv)
for code in $(printf '%s\n' "$status" | sed 1d | cut -d, -f1); do
	case $(printf '%s\n' "$status" | csv_get "$code" measure) in
	yesno) set -- --met ;;
	count) set -- --value 0 ;;
	rating) set -- --value "Vững mạnh" ;;
	*) set -- --value 100 ;;
	esac
	km assess "$V" "$code" --year 2025 --stage appraisal "$@" --evidence "Biên bản thẩm định" >/dev/null
done

# The decision (level, number, date, issuer), then a commendation with a, then undo a step.
script_run c2 "/" ":type thon 1" "Enter" "R" "j j j j" "Enter" \
	"Tab" ":type 12/QĐ-MTTQ" "Tab" ":type 20/12/2025" "Enter" ":dump $tmp/e" \
	"a" "Tab" "Tab" ":type Giấy khen của Chủ tịch UBND huyện" "Tab" "Tab" "Tab" ":type 45/QĐ-UBND" \
	"Tab" ":type 28/12/2025" "Tab" ":type 1,5 triệu" "Enter" ":dump $tmp/f" "q"
check "--script run 2: exit 0, nothing on stderr" "0:" "$rc:$err"
has "recognised: the level and the decision" "$(line_of "$(dump e)" Recognised)" "decision 12/QĐ-MTTQ of 20/12/2025"
has "the commendation counted in the cycle" "$(line_of "$(dump f)" Commendations)" "1 for this recognition"
check "the CLI sees the whole cycle" "registered recognised" "$(titles)"
has "the commendation is linked to the recognition" "$(km award list --area "$V" --format csv)" "1500000"
