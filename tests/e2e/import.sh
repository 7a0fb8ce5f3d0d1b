# Importing resource entries from CSV with the CLI: 100,000 rows in one go (a loose time bound),
# the same file with one bad row imports nothing and names its line, a dry run imports nothing,
# usage errors, the audit log's lines for the import, and a round trip: the list exported as CSV
# imports into a fresh database and lists the same.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 27

KIEUMAU_TODAY=2025-12-31   # the rows are dated across 2025; none may be after today
export KIEUMAU_TODAY
ROWS=100000

# count: the entries of $DB, from `resources totals --format csv` (else from sqlite3, else "?").
count() {
	t_c=$(km resources totals --format csv 2>/dev/null |
		awk -F, '$1 == "total" && $2 == "count" { print $NF }')
	if [ -z "$t_c" ] && command -v sqlite3 >/dev/null 2>&1; then
		t_c=$(sqlite3 "$DB" 'SELECT count(*) FROM resource_entry')
	fi
	echo "${t_c:-?}"
}
now() { date +%s; }
fresh() { DB=$tmp/$1.db; km init >/dev/null 2>&1; }

# ---- a file of 100,000 rows: the default communes and towns, every day of 2025, sources and
# forms cycling, numbers plain and Vietnamese, texts with commas and quotes
awk -v n="$ROWS" 'BEGIN {
	split("24928 24931 24934 24937 24940 24943", area, " ")
	split("central province district commune pooled credit enterprise residents donors other", src, " ")
	split("cash labour land materials machinery other", form, " ")
	split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
	print "date,area_code,source,form,quantity,unit,value,work,contributor,note"
	for (i = 0; i < n; i++) {
		d = i % 365; m = 1
		while (d >= mdays[m]) { d -= mdays[m]; m++ }
		f = form[i % 6 + 1]; q = ""; u = ""; v = (i % 997 + 1) * 1000
		if (f == "labour") { q = i % 40 + 1; u = "ngày công" }
		else if (f == "land") { q = (i % 300) ".5"; u = "m²" }
		else if (f == "cash" && i % 12 == 0) { v = "\"1,5 triệu\"" }
		else if (f == "cash" && i % 12 == 6) { v = "1.500.000" }
		date = (i % 2) ? sprintf("%02d/%02d/2025", d + 1, m) : sprintf("2025-%02d-%02d", m, d + 1)
		printf "%s,%s,%s,%s,%s,%s,%s,\"Bê tông hóa đường thôn, đoạn %d\",Hộ \"\"%d\"\",\n",
			date, area[i % 6 + 1], src[i % 10 + 1], f, q, u, v, i % 97, i
	}
}' >"$tmp/big.csv"
check "the generated file has a header and $ROWS rows" "$((ROWS + 1))" "$(wc -l <"$tmp/big.csv" | tr -d ' ')"

# ---- the whole file
fresh big
t0=$(now)
run km --lang en import resources "$tmp/big.csv"
t1=$(now)
check "import $ROWS rows: exit 0, nothing on stderr (not a terminal: no progress bar)" "0:" "$rc:$err"
check "it says how many it imported" "Imported $ROWS entries" "$out"
check "the ledger counts $ROWS entries" "$ROWS" "$(count)"
secs=$((t1 - t0))
diag "imported $ROWS rows in about $secs s"
if [ "$secs" -lt 30 ]; then pass "it took less than 30 s ($secs s)"; else fail "it took $secs s (30 s at most)"; fi
total=$(km resources totals --format csv | awk -F, '$1 == "total" && $2 == "value" { print $NF }')
expected=$(awk -v n="$ROWS" 'BEGIN {
	for (i = 0; i < n; i++) s += (i % 12 == 0 || i % 12 == 6) ? 1500000 : (i % 997 + 1) * 1000
	printf "%.0f\n", s
}')
check "the total value adds up (1,5 triệu and 1.500.000 read as 1500000)" "$expected" "$total"
# The audit log: one line per area of the import (six communes here), naming the file.
run km --lang en audit --format csv
check "the import is in the audit log: one line per area" 6 \
	"$(printf '%s\n' "$out" | grep -c ",insert,resource_entry,.*big\.csv")"
run km --lang en audit --area 24937
has "an area's log shows its part of the import" "$out" \
	"import: $tmp/big.csv; entries: $(grep -c '^[^,]*,24937,' "$tmp/big.csv")"
run km --lang en check
check "check after the import: exit 0" 0 "$rc"
run km --lang en import resources "$tmp/big.csv" --dry-run
check "a dry run of the same file again: exit 0, all good" "0 Checked $ROWS rows: all good (dry run)" \
	"$rc $out"
check "a dry run adds nothing" "$ROWS" "$(count)"

# ---- one bad row on line 50,000: nothing imported, the line named
awk 'NR == 50000 { $0 = "31/02/2025,24934,central,cash,,,1000,,," } { print }' "$tmp/big.csv" >"$tmp/bad.csv"
fresh bad
run km --lang en import resources "$tmp/bad.csv"
check "a file with one bad row: exit 1" 1 "$rc"
has "the bad row is named by its line" "$err" "$tmp/bad.csv:50000: "
has "and what is wrong with it" "$(line_of "$err" ":50000: ")" "No such day in that month"
check "only that row is reported" 1 "$(printf '%s\n' "$err" | grep -c ':[0-9][0-9]*: ')"
has "the verdict" "$err" "Nothing imported: 1 bad row"
check "nothing imported" 0 "$(count)"
run km --lang en import resources "$tmp/bad.csv" --dry-run
check "a dry run finds the same bad row: exit 1" "1" "$rc"
has "naming line 50000" "$err" ":50000: "

# ---- a dry run of the good file into an empty ledger
fresh dry
run km --lang en import resources --dry-run "$tmp/big.csv"
check "dry run (the option first): exit 0" "0 Checked $ROWS rows: all good (dry run)" "$rc $out"
check "a dry run imports nothing" 0 "$(count)"

# ---- usage and files
run km import resources
check "no file: usage, exit 2" 2 "$rc"
run km import awards "$tmp/big.csv"
check "an unknown kind of import: exit 2" 2 "$rc"
run km --lang en import resources "$tmp/none.csv"
check "a missing file: exit 1" 1 "$rc"
has "the message names the file" "$err" "none.csv"

# ---- round trip: list as CSV, import into a fresh ledger, list again: the same entries
DB=$tmp/big.db
km resources list --format csv >"$tmp/out.csv" 2>"$tmp/list.err"
if [ $? -ne 0 ] || [ "$(head -1 "$tmp/out.csv")" != "date,area_code,source,form,quantity,unit,value,work,contributor,note" ]; then
	skip_n 2 "resources list --format csv is not available"
else
	fresh copy
	run km --lang en import resources "$tmp/out.csv"
	check "the exported list imports into a fresh ledger" "0 Imported $ROWS entries" "$rc $out"
	km resources list --format csv >"$tmp/again.csv"
	# Entries of one date come back in the other order (listed newest id first): compare sorted.
	sort "$tmp/out.csv" >"$tmp/out.sorted"
	sort "$tmp/again.csv" >"$tmp/again.sorted"
	if cmp -s "$tmp/out.sorted" "$tmp/again.sorted"; then
		pass "listed again, the same entries"
	else
		fail "listed again, the same entries"
		diff "$tmp/out.sorted" "$tmp/again.sorted" | head -10 | sed 's/^/# /'
	fi
fi
