# The audit log from the command line: changes made with the CLI (an area added and renamed, a
# tick, facts, a resource entry added, edited and deleted) listed by `audit` as text and CSV, with
# --area (the area and everything below it), --user and --since; the log refuses UPDATE and
# DELETE from the sqlite3 tool too; `backup` makes a copy that `check` passes; `check` finds a row
# broken on purpose.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 58

command -v sqlite3 >/dev/null 2>&1 || { skip_n 58 "no sqlite3 tool"; exit 0; }
q() { sqlite3 "$DB" "$1"; }
ME=$(id -un)
CSV_HEADER=at,user,action,table,row_key,area_code,old_row,new_row
# lines N TEXT: the number of lines of TEXT.
nlines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }

run km init
check "init" 0 "$rc"
# What init wrote is in the log, as this user's.
check "init: the default areas are logged" "$(q 'SELECT count(*) FROM area')" \
	"$(q "SELECT count(*) FROM audit WHERE tbl = 'area' AND action = 'insert'")"
km areas add --parent "Lạc Xuân" "Thôn 1" >/dev/null            # 24934-01
km areas rename 24934-01 "Thôn Một" >/dev/null
km tick 24934-01 VH01 --year "$YEAR" >/dev/null
km facts 24934-01 --year "$YEAR" --households 120 >/dev/null
km facts 24934-01 --year "$YEAR" --households 125 >/dev/null
ID=$(km resources add --area 24934-01 --date 01/03/2024 --source residents --form cash --value "1,5 triệu")
km resources edit "$ID" --value 2000000 --note "xi măng" >/dev/null
km resources delete "$ID"
km areas add --parent "Đạ Ròn" "Thôn 1" >/dev/null              # 24937-01
TOTAL=$(q 'SELECT count(*) FROM audit')

# ---- text
run km --lang en audit
check "audit: exit 0" 0 "$rc"
check "audit: one line a change and the count" "$((TOTAL + 1))" "$(nlines "$out")"
has "audit: the count" "$(printf '%s\n' "$out" | tail -n 1)" "$TOTAL changes"
first=$(row 0 "$out")
has "newest first: the last area added" "$first" "Đạ Ròn › Thôn 1"
case $first in
[0-3][0-9]/[01][0-9]/20[0-9][0-9]\ [0-2][0-9]:[0-5][0-9]\ \ *) pass "the time as dd/mm/yyyy hh:mm" ;;
*) fail "the time as dd/mm/yyyy hh:mm" "$first" ;;
esac
has "the user" "$first" "  $ME  "
line=$(line_of "$out" "name: Thôn 1 → Thôn Một")
has "rename: one line with what changed" "$line" "changed"
has "rename: the table" "$line" "area"
has "rename: the short path" "$line" "Lạc Xuân › Thôn Một"
lacks "rename: not the province" "$line" "Lâm Đồng"
lacks "rename: not the bookkeeping columns" "$line" "updated_at"
line=$(line_of "$out" "value_num: 120.0 → 125.0")
has "facts: the change of households" "$line" "area fact"
line=$(line_of "$out" "value_dong: 1500000 → 2000000")
has "resource edit: the changed fields only" "$line" "note: — → xi măng"
lacks "resource edit: not the unchanged source" "$line" "residents"
has "resource delete: the values lost" "$(line_of "$out" "deleted")" "value_dong: 2000000"
has "resource add: what was written" "$(line_of "$out" "value_dong: 1500000;")" \
	"entry_date: 2024-03-01; source: residents; form: cash; unit: đ; value_dong: 1500000; origin: user"
has "tick: the assessment added" "$(line_of "$out" "assessment")" "stage: self; met: 1"

# ---- csv
run km audit --format csv
check "csv: exit 0, the header" "0 $CSV_HEADER" "$rc $(row 0 "$out")"
check "csv: a line per change" "$((TOTAL + 1))" "$(nlines "$out")"
check "csv: the delete of the entry (action, table, area code, user)" "delete,resource_entry,24934-01,$ME" \
	"$(printf '%s\n' "$out" | sed 1d | awk -F, '{ print $5 "," $3 "," $4 "," $6 "," $2 }' |
	   grep "^$ID," | grep -F ',delete,' | cut -d, -f2-)"
row_del=$(printf '%s\n' "$out" | grep -F ",delete,resource_entry,$ID,")
has "csv: the old row as JSON" "$row_del" '""value_dong"":2000000'
case $row_del in *'}",') pass "csv: no new row after a delete" ;; *) fail "csv: no new row after a delete" "$row_del" ;; esac
has "csv: the time in UTC as stored" "$(row 1 "$out")" "Z,$ME,insert,area,"
has "csv: a composite key as a JSON array" "$out" ',update,area_fact,"[' 

# ---- filters
run km audit --area "Lạc Xuân" --format csv
check "--area a commune: exit 0" 0 "$rc"
check "--area a commune: its rows and its villages'" \
	"$(q "SELECT count(*) FROM audit u JOIN area a ON a.id = u.area_id WHERE a.code LIKE '24934%'")" \
	"$(($(nlines "$out") - 1))"
lacks "--area a commune: nothing of another" "$(km --lang en audit --area "Lạc Xuân")" "Đạ Ròn"
run km audit --area "Đạ Ròn/Thôn 1" --format csv
check "--area a village: its one insert" "1 insert" "$(($(nlines "$out") - 1)) $(row 1 "$out" | cut -d, -f3)"
run km audit --area "Đơn Dương" --format csv
check "--area the district: everything but the province and the rows of no area" \
	"$(($(q "SELECT count(*) FROM audit WHERE area_id IS NOT NULL") - 1))" "$(($(nlines "$out") - 1))"
run km audit --area "Nowhere at all"
check "--area unknown: exit 1" 1 "$rc"
run km audit --user "$ME" --format csv
check "--user me: everything" "$((TOTAL + 1))" "$(nlines "$out")"
run km --lang en audit --user nobody-here
check "--user someone else: nothing" "0 No changes found." "$rc $out"
run km audit --since 01/01/2020 --format csv
check "--since long ago: everything" "$((TOTAL + 1))" "$(nlines "$out")"
run km audit --since 31/12/2999 --format csv
check "--since a later day: nothing" "0 1" "$rc $(nlines "$out")"
run km --lang en audit --since 31/02/2024
check "--since an invalid date: exit 1" 1 "$rc"
has "--since an invalid date: why" "$err" "31/02/2024"
run km audit --bogus
check "unknown option: usage, exit 2" 2 "$rc"
run km audit extra
check "extra argument: usage, exit 2" 2 "$rc"

# ---- the log is append-only, also for the sqlite3 tool
state() { q "SELECT count(*), sum(length(coalesce(old_row, '')) + length(coalesce(new_row, ''))), group_concat(DISTINCT user) FROM audit"; }
before=$(state)
run sqlite3 "$DB" "DELETE FROM audit"
check "sqlite3 DELETE FROM audit: refused" yes "$([ "$rc" != 0 ] && echo yes)"
has "... with the reason" "$err" "the audit log cannot be changed"
run sqlite3 "$DB" "UPDATE audit SET user = 'someone-else'"
check "sqlite3 UPDATE audit: refused" yes "$([ "$rc" != 0 ] && echo yes)"
run sqlite3 "$DB" "UPDATE area SET name = 'Hacked' WHERE code = '24934-01'"
check "sqlite3 changing data without the program's log: refused" yes "$([ "$rc" != 0 ] && echo yes)"
check "the log and the data are unchanged" "$before|0" "$(state)|$(q "SELECT count(*) FROM area WHERE name = 'Hacked'")"

# ---- backup and check
run km --lang en backup "$tmp/copy.db"
check "backup: exit 0" 0 "$rc"
has "backup: the size and the pages" "$out" "bytes,"
has "backup: the pages" "$out" "pages of"
has "backup: the copy's integrity" "$out" "Integrity check of the copy: ok"
check "backup: the copy has the same rows" "$(q 'SELECT count(*) FROM audit') $(q 'SELECT count(*) FROM area')" \
	"$(sqlite3 "$tmp/copy.db" 'SELECT count(*) FROM audit') $(sqlite3 "$tmp/copy.db" 'SELECT count(*) FROM area')"
run km --lang en backup "$tmp/copy.db"
check "backup to an existing file: refused, exit 1" 1 "$rc"
has "... with the reason" "$err" "already exists"
run km --db "$tmp/copy.db" --lang en check
check "check of the copy: exit 0" 0 "$rc"
has "check of the copy: all passed" "$out" "All checks passed."
has "check: the log's size" "$out" "$(q 'SELECT count(*) FROM audit') changes logged"
run km check --format csv
check "check --format csv: exit 0, every check ok" "0 check,status,count,detail ok" \
	"$rc $(row 0 "$out") $(printf '%s\n' "$out" | sed 1d | cut -d, -f2 | sort -u | paste -sd' ' -)"
# A history row (not audited) pointing at nothing, written with the tool's foreign keys off.
q "INSERT INTO assessment_history(area_id, year, criterion_id, stage, changed_by, changed_at) VALUES (999, 2024, 999, 'self', 'x', 'x')"
run km --lang en check --format csv
check "check of a broken database: exit 1" 1 "$rc"
has "... the foreign key check names the table" "$(printf '%s\n' "$out" | grep '^foreign_keys,error,')" "assessment_history"
