# The worklist: villages set up through the recognition cycle's commands (registration, steps,
# recognition, commendations) and judged with evidence, then what is due or late as of a fixed
# day, from the CLI (csv and text, a scope, the delays of config.ini) and in the TUI (headless,
# through --script): the lines, the kind filter, the year keys.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 36

KIEUMAU_TODAY=2025-12-01
export KIEUMAU_TODAY
Y=2025

# cycle SQL CMD...: runs `kieumau CMD...`; while that command is still being written ("in
# progress"), writes its rows with SQL instead. Fails the test run on any other error.
setup_failed=
cycle() {
	t_sql=$1
	shift
	run km "$@"
	case $rc:$err in
	0:*) ;;
	*"in progress"*) sqlite3 "$DB" "PRAGMA foreign_keys = ON; $t_sql" || setup_failed="$setup_failed; $*" ;;
	*) setup_failed="$setup_failed; $* -> $rc $err" ;;
	esac
}
id_of() { echo "(SELECT id FROM area WHERE code = '$1')"; }
now="'2025-01-01T00:00:00Z'"
register() {   # CODE AREA DATE(dd/mm/yyyy) ISO YEAR
	cycle "INSERT INTO registration(area_id, year, title, registered_on, recorded_by, recorded_at)
	       VALUES ($(id_of "$1"), $5, 'exemplary', '$4', 'e2e', $now);" \
		register "$2" --year "$5" --title exemplary --date "$3"
}
step() {       # CODE AREA STEP DATE ISO [YEAR]
	cycle "INSERT INTO cycle_step(area_id, year, step, done_on, done_by, recorded_at)
	       VALUES ($(id_of "$1"), ${6:-$Y}, '$(echo "$3" | tr - _)', '$5', 'e2e', $now);" \
		step "$2" --year "${6:-$Y}" "$3" --date "$4"
}
recognise() {  # CODE AREA DATE ISO YEAR
	cycle "INSERT INTO recognition(area_id, year, title, level, decision_no, decision_date)
	       VALUES ($(id_of "$1"), $5, 'exemplary', 'district', '15/QĐ-UBND', '$4');" \
		recognise "$2" --year "$5" --level district --decision 15/QĐ-UBND --date "$3"
}
commend() {    # CODE AREA DATE ISO: the area commended, linked to its recognition of $Y
	cycle "INSERT INTO award(recipient_kind, recipient, area_id, form, level, decision_no,
	         decision_date, recognition_id, created_by, created_at, updated_by, updated_at)
	       VALUES ('area', 'Thôn', $(id_of "$1"), 'Giấy khen', 'district', '20/QĐ', '$4',
	         (SELECT id FROM recognition WHERE area_id = $(id_of "$1") AND year = $Y), 'e2e', $now, 'e2e', $now);" \
		award add --recipient-kind area --recipient "${2#*/}" --area "$2" --form "Giấy khen" \
		--level district --decision 20/QĐ --date "$3"
}
# eligible AREA YEAR: every criterion met at appraisal, with its evidence.
eligible() {
	for c in KT01 KT03 VH02 VH03 MT01 MT02 MT03 MT04 MT05 MT07 DC02; do
		run km assess "$1" "$c" --year "$2" --stage appraisal --value 100 --evidence "Biên bản thẩm định"
		[ "$rc" = 0 ] || setup_failed="$setup_failed; assess $1 $c: $err"
	done
	for c in VH01 MT06 AN01 AN02 AN03; do
		run km assess "$1" "$c" --year "$2" --stage appraisal --met --evidence "Biên bản thẩm định"
		[ "$rc" = 0 ] || setup_failed="$setup_failed; assess $1 $c: $err"
	done
	run km assess "$1" KT02 --year "$2" --stage appraisal --value 0 --evidence "Danh sách hộ nghèo"
	[ "$rc" = 0 ] || setup_failed="$setup_failed; assess $1 KT02: $err"
	run km assess "$1" DC01 --year "$2" --stage appraisal --value "Vững mạnh" --evidence "Biên bản xếp loại"
	[ "$rc" = 0 ] || setup_failed="$setup_failed; assess $1 DC01: $err"
}

for i in 1 2 3 4 5 6 7; do km areas add --parent "Lạc Xuân" "Thôn $i" >/dev/null; done
km areas add --parent "Ka Đô" "Thôn 1" >/dev/null
L="Lạc Xuân"

# Thôn 1: registered 61 days ago, self-assessment not done (due, not late).
register 24934-01 "$L/Thôn 1" 01/10/2025 2025-10-01 $Y
# Thôn 2: self-assessed exactly 30 days ago: still in time.
register 24934-02 "$L/Thôn 2" 01/09/2025 2025-09-01 $Y
step 24934-02 "$L/Thôn 2" self-assessed 01/11/2025 2025-11-01
# Thôn 3: self-assessed 31 days ago: the appraisal is one day late.
register 24934-03 "$L/Thôn 3" 01/09/2025 2025-09-01 $Y
step 24934-03 "$L/Thôn 3" self-assessed 31/10/2025 2025-10-31
# Thôn 4: appraised, eligible with evidence, no decision.
register 24934-04 "$L/Thôn 4" 01/09/2025 2025-09-01 $Y
step 24934-04 "$L/Thôn 4" self-assessed 05/09/2025 2025-09-05
step 24934-04 "$L/Thôn 4" appraised 21/11/2025 2025-11-21
eligible "$L/Thôn 4" $Y
# Thôn 5: recognised 47 days ago, no commendation: 17 days late.
register 24934-05 "$L/Thôn 5" 01/09/2025 2025-09-01 $Y
step 24934-05 "$L/Thôn 5" self-assessed 05/09/2025 2025-09-05
step 24934-05 "$L/Thôn 5" appraised 10/09/2025 2025-09-10
eligible "$L/Thôn 5" $Y
recognise 24934-05 "$L/Thôn 5" 15/10/2025 2025-10-15 $Y
# Thôn 6: recognised and commended this year: nothing due.
register 24934-06 "$L/Thôn 6" 01/09/2025 2025-09-01 $Y
step 24934-06 "$L/Thôn 6" self-assessed 05/09/2025 2025-09-05
step 24934-06 "$L/Thôn 6" appraised 10/09/2025 2025-09-10
eligible "$L/Thôn 6" $Y
recognise 24934-06 "$L/Thôn 6" 15/10/2025 2025-10-15 $Y
commend 24934-06 "$L/Thôn 6" 20/10/2025 2025-10-20
# Thôn 7: recognised in 2024 (late in the year, never commended), not re-checked in 2025.
register 24934-07 "$L/Thôn 7" 01/03/2024 2024-03-01 2024
step 24934-07 "$L/Thôn 7" self-assessed 01/09/2024 2024-09-01 2024
step 24934-07 "$L/Thôn 7" appraised 01/10/2024 2024-10-01 2024
eligible "$L/Thôn 7" 2024
recognise 24934-07 "$L/Thôn 7" 15/12/2024 2024-12-15 2024
# Ka Đô's Thôn 1: registered 91 days ago; outside Lạc Xuân.
register 24943-01 "Ka Đô/Thôn 1" 01/09/2025 2025-09-01 $Y

check "the fixtures set up through the CLI (or SQL while a command is in progress)" "" "$setup_failed"

# ---- the CLI
header="kind,area_code,area,year,since,days,days_late"
lx_rows="not_self_assessed,24934-01,Đơn Dương › Lạc Xuân › Thôn 1,2025,01/10/2025,61,0
not_appraised,24934-03,Đơn Dương › Lạc Xuân › Thôn 3,2025,31/10/2025,31,1
not_recognised,24934-04,Đơn Dương › Lạc Xuân › Thôn 4,2025,21/11/2025,10,0
not_commended,24934-05,Đơn Dương › Lạc Xuân › Thôn 5,2025,15/10/2025,47,17
recheck_due,24934-07,Đơn Dương › Lạc Xuân › Thôn 7,2025,,0,0"

run km worklist --area "$L" --year $Y --format csv
check "csv for Lạc Xuân: exit 0, nothing on stderr" "0:" "$rc:$err"
check "csv for Lạc Xuân: exactly the due and late items, in order" "$header
$lx_rows" "$out"

run km worklist --year $Y --format csv
check "csv everywhere: Ka Đô's village first (longest waiting), then the rest" "$header
not_self_assessed,24943-01,Đơn Dương › Ka Đô › Thôn 1,2025,01/09/2025,91,0
$lx_rows" "$out"

run km worklist --area "Ka Đô" --year $Y --format csv
check "csv for Ka Đô: only its village" "$header
not_self_assessed,24943-01,Đơn Dương › Ka Đô › Thôn 1,2025,01/09/2025,91,0" "$out"

run km worklist --area "$L/Thôn 6" --year $Y --format csv
check "a recognised and commended village: nothing" "$header" "$out"

run km worklist --area "$L" --format csv
check "the year defaults to today's" "$header
$lx_rows" "$out"

run km worklist --area "$L" --year 2024 --format csv
check "2024: the recognition of Thôn 7 waits for its commendation" "$header
not_commended,24934-07,Đơn Dương › Lạc Xuân › Thôn 7,2024,15/12/2024,351,321" "$out"

run env KIEUMAU_TODAY=2025-11-30 "$KM" --db "$DB" worklist --area "$L" --year $Y --format csv
has "a day earlier, Thôn 3 is exactly in time" "$(printf '%s\n' "$out" | cut -d, -f1,2 | tr '\n' ' ')" \
	"not_self_assessed,24934-01 not_recognised,24934-04"

run km --lang en worklist --area "$L" --year $Y
check "text: exit 0" 0 "$rc"
has "text: a heading per kind with its count" "$out" "Self-assessed, appraisal overdue (1)"
has "text: the line of a late item" "$(line_of "$out" 24934-03)" "Đơn Dương › Lạc Xuân › Thôn 3  since 31/10/2025  31 days, late 1 days"
has "text: a due item is not late" "$(line_of "$out" 24934-01)" "since 01/10/2025  61 days"
lacks "text: ... and says nothing of lateness" "$(line_of "$out" 24934-01)" "late"
has "text: the scope and today" "$(row 0 "$out")" "Lạc Xuân, as of 01/12/2025 (5 items)"

mkdir -p "$XDG_CONFIG_HOME/kieumau"
printf '[worklist]\nappraisal_days = 31\ncommendation_days = 50\n' >"$XDG_CONFIG_HOME/kieumau/config.ini"
run km worklist --area "$L" --year $Y --format csv
check "config.ini's delays: 31 days to appraise, 50 to commend" "$header
not_self_assessed,24934-01,Đơn Dương › Lạc Xuân › Thôn 1,2025,01/10/2025,61,0
not_recognised,24934-04,Đơn Dương › Lạc Xuân › Thôn 4,2025,21/11/2025,10,0
recheck_due,24934-07,Đơn Dương › Lạc Xuân › Thôn 7,2025,,0,0" "$out"
rm "$XDG_CONFIG_HOME/kieumau/config.ini"

run km worklist --area "Nowhere at all" --format csv
check "an unknown area: exit 1" 1 "$rc"
run km worklist --year 1800
check "a bad year: usage error" 2 "$rc"
run km worklist extra
check "a stray argument: usage error" 2 "$rc"

# ---- the TUI: w on Lạc Xuân in the tree, F to filter by kind, [ for 2024.
KM_OPTS="--lang en --year $Y"
script_run wl "/" ":type Lạc Xuân" "Enter" "w" ":dump $tmp/w1" \
	"F" ":dump $tmp/w2" "F F F F F" ":dump $tmp/w3" \
	"[" ":dump $tmp/w4" "]" "Home" "Enter" ":dump $tmp/w5" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
w1=$(dump w1)
has "the header: the scope and the number of items" "$(row 0 "$w1")" "Worklist: Lâm Đồng › Đơn Dương › Lạc Xuân (5 items)"
has "a due line: code, path, since, days" "$(line_of "$w1" 24934-01)" \
	"  24934-01 Đơn Dương › Lạc Xuân › Thôn 1   since 01/10/2025   61 days"
lacks "a due line says nothing of lateness" "$(line_of "$w1" 24934-01)" "late"
has "a late line: days and days late" "$(line_of "$w1" 24934-05)" \
	"  24934-05 Đơn Dương › Lạc Xuân › Thôn 5   since 15/10/2025   47 days, 17 late"
has "a heading per kind, with its count" "$w1" "Recognised, commendation overdue (1)"
lacks "Ka Đô is outside the scope" "$w1" "Ka Đô"
w2=$(dump w2)
has "F: one kind at a time, named in the header" "$(row 0 "$w2")" "(1 items) › Registered, self-assessment not done"
lacks "F: the other kinds hidden" "$w2" "24934-03"
has "F five more times: every kind again" "$(row 0 "$(dump w3)")" "Lạc Xuân (5 items)"
w4=$(dump w4)
has "[: the 2024 worklist" "$(line_of "$w4" 24934-07)" "since 15/12/2024   351 days, 321 late"
has "[: its header" "$(row 0 "$w4")" "(1 items)"
# Enter on the first item (Thôn 1, below its heading): its recognition cycle.
has "Enter opens the line's village in the cycle view" "$(row 0 "$(dump w5)")" "Thôn 1  (recognition)"

script_run back "/" ":type Lạc Xuân" "Enter" "w" "Esc" ":dump $tmp/b1" "q"
b1=$(row 0 "$(dump b1)")
has "Esc: back to the tree" "$b1" "Lạc Xuân"
lacks "Esc: the worklist is closed" "$b1" "Worklist"

# An empty worklist says so.
script_run empty "/" ":type Ka Đô" "Enter" "]" "w" ":dump $tmp/e1" "q"
e1=$(dump e1)
has "an empty worklist: the header" "$(row 0 "$e1")" "Worklist: Lâm Đồng › Đơn Dương › Ka Đô (0 items)"
has "an empty worklist says so" "$e1" "Nothing is due or late in 2026."
