# Criteria sets from the command line: import (a good file, a bad one, the same one twice), list,
# show, bind a year with and without --force, and the checklist of a village that follows.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 40

FIX=$KM_SRCDIR/tests/fixtures
OFFICIAL=$FIX/criteria-official-2026.ini
V=24934-01                                    # the village added under Lạc Xuân below
list_csv() { km criteria list --format csv; }
# codes: the criterion codes of the village's checklist in a year, on one line.
codes() { km status "$V" --year "$1" --format csv | sed 1d | cut -d, -f1 | tr '\n' ' '; }
# field N of the row of set CODE in `criteria list --format csv`.
set_field() { list_csv | awk -F, -v c="$1" -v n="$2" '$1 == c { print $n }'; }

# ---- the start: only the illustrative set
run km init
check "init succeeds" 0 "$rc"
run list_csv
check "criteria list --format csv: the header" \
	"code,name,year_from,year_to,decision_no,decision_date,illustrative,criteria,years_bound" "$(row 0 "$out")"
check "criteria list: one set at first" 2 "$(printf '%s\n' "$out" | wc -l | tr -d ' ')"
has "criteria list: the illustrative set, open-ended, marked illustrative" "$(row 1 "$out")" "minh-hoa-2021,"
has "criteria list: its years and marker" "$(row 1 "$out")" ",2021,,"
# A judgement in 2026 under the illustrative set (the only one covering 2026 now): it binds 2026.
km areas add --parent "Lạc Xuân" "Thôn 1" >/dev/null
run km tick "$V" VH01 --year 2026
check "tick VH01 in 2026 under the illustrative set" 0 "$rc"

# ---- a bad file: every error with its line, nothing imported
before=$(list_csv)
run km criteria import "$FIX/criteria-bad.ini"
check "import of a bad file: exit 1" 1 "$rc"
has "import of a bad file: line 18 (set code)" "$err" "criteria-bad.ini:18:"
has "import of a bad file: line 37 (threshold 120)" "$err" "criteria-bad.ini:37:"
has "import of a bad file: line 75 (unknown section)" "$err" "criteria-bad.ini:75:"
check "import of a bad file: all 15 problems, one a line" 15 \
	"$(printf '%s\n' "$err" | grep -c 'criteria-bad.ini:[0-9]*: ')"
check "import of a bad file: nothing printed on stdout" "" "$out"
check "import of a bad file: criteria list unchanged" "$before" "$(list_csv)"
run km criteria import "$tmp/no-such-file.ini"
check "import of a missing file: exit 1" 1 "$rc"

# ---- the official set
run km --lang en criteria import "$OFFICIAL"
check "import of the official fixture: exit 0" 0 "$rc"
has "import: the set's code and name" "$out" "Imported ld-2026: Bộ tiêu chí khu dân cư kiểu mẫu giai đoạn"
has "import: the number of criteria and the years" "$out" "(8 criteria, years 2026–)"
check "criteria list: ld-2026 listed, not illustrative, 8 criteria, from 2026, open-ended" \
	"ld-2026,2026,,15/QĐ-MTTQ-BTT,20/01/2026,no,8," \
	"$(list_csv | awk -F, '$1 == "ld-2026" { print $1 "," $3 "," $4 "," $5 "," $6 "," $7 "," $8 "," $9 }')"
run km criteria list
has "criteria list (text): the code and name" "$out" "ld-2026  Bộ tiêu chí khu dân cư kiểu mẫu giai đoạn 2026-2030"
has "criteria list (text): the decision date as dd/mm/yyyy" "$out" "20/01/2026"
run km criteria import "$OFFICIAL"
check "importing the same set again is refused (exit 1)" 1 "$rc"
has "the refusal names the code" "$err" "ld-2026"
check "still two sets" 3 "$(list_csv | wc -l | tr -d ' ')"

# ---- show
run km criteria show ld-2026
check "criteria show: exit 0" 0 "$rc"
has "criteria show: a criterion with its name" "$out" "TC06   Đường trục thôn, liên thôn cứng hóa"
has "criteria show: thresholds by area type" "$out" "KV1 ≥ 75%, KV2 ≥ 95%"
run km criteria show ld-2026 --format csv
check "criteria show --format csv: header, then the 8 criteria in order" \
	"group,code,name,measure,comparison,threshold,area_thresholds,unit,base,required,org
TC01 TC02 TC03 TC04 TC05 TC06 TC07 TC08 " \
	"$(row 0 "$out")
$(printf '%s\n' "$out" | sed 1d | awk -F, '{ printf "%s ", $2 }')"
check "criteria show --format csv: a per-type threshold row" \
	'3,TC06,"Đường trục thôn, liên thôn cứng hóa",percent,>=,95,KV1=75;KV2=95,%,road_km,yes,Đoàn Thanh niên' \
	"$(line_of "$out" ",TC06,")"

# ---- bind
run km criteria bind 2026 ld-2026
check "bind 2026 ld-2026: refused while 2026 has assessments under another set (exit 1)" 1 "$rc"
has "the refusal names the set in use" "$err" "minh-hoa-2021"
has "the status still shows the illustrative criteria" "$(codes 2026)" "VH01"
run km criteria bind 2026 ld-2026 --force
check "bind 2026 ld-2026 --force: exit 0" 0 "$rc"
check "status VILLAGE --year 2026: the new set's criteria" "TC01 TC02 TC03 TC04 TC05 TC06 TC07 TC08 " \
	"$(codes 2026)"
check "criteria list: 2026 bound to ld-2026" "2026" "$(set_field ld-2026 9)"
run km criteria bind 2026 ld-2026
check "bind to the set already bound: a no-op success" 0 "$rc"
run km criteria bind 2025 ld-2026
check "bind 2025 to a set of 2026-: refused (exit 1)" 1 "$rc"
check "the refused bind changed nothing" "2026" "$(set_field ld-2026 9)"
run km criteria bind 2025 ld-2026 --force
check "bind 2025 ld-2026 --force: exit 0, 2025 listed" "0 2025;2026" "$rc $(set_field ld-2026 9)"
# The old judgement was kept: binding 2026 back to its set shows it again (no --force needed, as
# 2026 has no assessment under ld-2026).
run km criteria bind 2026 minh-hoa-2021
check "bind 2026 back to the illustrative set" 0 "$rc"
check "the judgement made before is still there" "VH01,2,met" \
	"$(km status "$V" --year 2026 --format csv | awk -F, '$1 == "VH01" { print $1 "," $2 "," $5 }')"
