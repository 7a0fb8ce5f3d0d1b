# The periodic report from the command line, on the demo data with a target and a revocation:
# 2025-Q4, 2025-H2 and 2025 as text, Markdown and CSV, their key figures checked against
# sqlite3 queries and other commands (resources totals, worklist); the usage errors; the .xlsx
# written, converted back to CSV by LibreOffice (when installed) and compared with the CSV
# report value for value.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 85

KIEUMAU_TODAY=2026-01-15
export KIEUMAU_TODAY

q() { sqlite3 "$DB" "$1"; }
# block TITLE: the lines of the CSV report on stdin below the section titled TITLE (its header,
# then its rows), up to the empty line that ends it.
block() { awk -v t="$1" '$0 == t { on = 1; next } on && $0 == "" { exit } on { print }'; }
# cell ROW COLUMN: from a CSV block on stdin (a header line, then rows), the field in the named
# column (names may hold spaces) of the row whose first field is ROW.
cell() {
	awk -v key="$1" -v name="$2" '
	function fields(line, f,    n, i, c, q, cur) {
		n = 0; q = 0; cur = ""
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q && c == "\"" && substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
			else if (c == "\"") q = !q
			else if (!q && c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return n
	}
	NR == 1 { n = fields($0, h); for (i = 1; i <= n; i++) if (h[i] == name) col = i; next }
	{ fields($0, f); if (f[1] == key) { print (col ? f[col] : "?" name); exit } }'
}
# fig FILE ROW COLUMN: a figure of the key figures block of the CSV report in FILE.
fig() { block "Key figures" <"$1" | cell "$2" "$3"; }
# pct PART WHOLE: PART / WHOLE as a percentage with one decimal, as the report writes it.
pct() { awk -v a="$1" -v b="$2" 'BEGIN { s = sprintf("%.1f", a * 100 / b); sub(/\.0$/, "", s); print s }'; }
# lines TEXT: the number of lines of TEXT.
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }

run km demo
check "demo" 0 "$rc"

# A target for the district, a recognition of 20/12/2025 revoked on 28/12/2025.
run km targets "Đơn Dương" --year 2025 --district 10 --province 8 --resources "100 tỷ"
if [ "$rc" != 0 ]; then
	diag "targets: $err; writing the row with SQL"
	q "INSERT INTO target(area_id, year, recognised_district, recognised_province, resources_dong,
	   updated_by, updated_at) VALUES ((SELECT id FROM area WHERE code = '677'), 2025, 10, 8,
	   100000000000, 'e2e', '2026-01-15T00:00:00Z')"
fi
check "the recognition to revoke exists" 1 \
	"$(q "SELECT count(*) FROM recognition WHERE decision_no = '104/QĐ-MTTQ-BTT' AND decision_date = '2025-12-20'")"
run km revoke "Ka Đô/Thôn 9" --year 2025 --decision 5/QĐ-THU --date 28/12/2025 --reason "Không giữ vững"
check "revoke Ka Đô/Thôn 9 on 28/12/2025" 0 "$rc"

# ---- usage
run km report
check "no --period: usage (2)" 2 "$rc"
has "no --period: says so" "$err" "--period"
run km report --period 2025-Q5
check "a bad period: refused (1)" 1 "$rc"
run km report --period 2025 --format pdf
check "an unknown format: refused (1)" 1 "$rc"
run km report --period 2025 --format xlsx
check "xlsx without --output: refused (1)" 1 "$rc"
run km report --period 2025 --area "không có"
check "an unknown area: refused (1)" 1 "$rc"
run km report --period 2025 --output "$tmp/no/such/dir/r.txt"
check "an output that cannot be created: refused (1)" 1 "$rc"

# ---- the key figures of each period, against the database
# check_period P FROM TO PREV_FROM PREV_TO: the CSV report of P (default area: the province,
# which holds everything) against SQL counts and the resources totals.
check_period() {
	p=$1 from=$2 to=$3 pfrom=$4 pto=$5
	ytd_from=${to%%-*}-01-01
	f=$tmp/report-$p.csv
	km --lang en report --period "$p" --format csv | tr -d '\r' >"$f"
	rc=$?
	check "$p csv: exit 0, six sections" "0 6" "$rc $(grep -c -x -e 'Key figures' -e 'Recognitions decided or revoked in the period' \
		-e '"Criteria met at appraisal, 2025: by group, and the weakest"' \
		-e 'Resources mobilised by source and by form (đồng)' -e 'Commendations decided in the period' \
		-e 'Due or late as of 15/01/2026 (worklist 2025)' "$f")"
	for w in "$from $to This period" "$pfrom $pto Same period last year" "$ytd_from $to Year to date"; do
		a=${w%% *} w=${w#* }
		b=${w%% *} col=${w#* }
		reg=$(q "SELECT count(*) FROM registration WHERE registered_on BETWEEN '$a' AND '$b'")
		app=$(q "SELECT count(*) FROM cycle_step WHERE step = 'appraised' AND done_on BETWEEN '$a' AND '$b'")
		dis=$(q "SELECT count(*) FROM recognition WHERE level = 'district' AND decision_date BETWEEN '$a' AND '$b'
			 AND (revoked_on IS NULL OR revoked_on > '$b')")
		pro=$(q "SELECT count(*) FROM recognition WHERE level = 'province' AND decision_date BETWEEN '$a' AND '$b'
			 AND (revoked_on IS NULL OR revoked_on > '$b')")
		rev=$(q "SELECT count(*) FROM recognition WHERE revoked_on BETWEEN '$a' AND '$b'")
		aw=$(q "SELECT count(*) || ',' || CAST(total(amount) AS INTEGER) FROM award WHERE decision_date BETWEEN '$a' AND '$b'")
		res=$(km resources totals --period "$(echo "$a" | awk -F- '{print $3"/"$2"/"$1}')-$(echo "$b" | awk -F- '{print $3"/"$2"/"$1}')" --format csv |
			awk -F, '$1 == "total" && ($2 == "value" || $2 == "labour_days" || $2 == "land_m2") { printf "%s%s", s, $NF; s = "," }')
		got="$(fig "$f" "Areas registered" "$col"),$(fig "$f" "Areas appraised" "$col"),$(fig "$f" "Recognised at district level" "$col"),$(fig "$f" "Recognised at province level" "$col"),$(fig "$f" "Recognitions revoked" "$col"),$(fig "$f" "Commendations" "$col"),$(fig "$f" "Commendation amounts" "$col"),$(fig "$f" "Resources mobilised" "$col"),$(fig "$f" "Labour days contributed" "$col"),$(fig "$f" "Land donated (m²)" "$col")"
		check "$p, $col ($a..$b): registered, appraised, recognised (district, province), revoked, commendations, amounts, resources, labour days, land" \
			"$reg,$app,$dis,$pro,$rev,$aw,$res" "$got"
	done
	# The change, the targets (the district's: the report is of the province) are not the
	# province's; so the progress is checked on the district's report below.
	now=$(fig "$f" "Resources mobilised" "This period") before=$(fig "$f" "Resources mobilised" "Same period last year")
	check "$p: the change is this period less last year's" "$((now - before))" "$(fig "$f" "Resources mobilised" "Change")"
	n=$(q "SELECT count(*) FROM recognition WHERE decision_date BETWEEN '$from' AND '$to' OR revoked_on BETWEEN '$from' AND '$to'")
	check "$p: one recognition line per decision or revocation in the period" "$n" \
		"$(block 'Recognitions decided or revoked in the period' <"$f" | sed 1d | wc -l | tr -d ' ')"
	n=$(q "SELECT count(*) FROM award WHERE decision_date BETWEEN '$from' AND '$to'")
	check "$p: one commendation line per decision in the period" "$n" \
		"$(block 'Commendations decided in the period' <"$f" | sed 1d | wc -l | tr -d ' ')"
	check "$p: resources by source add up to the total" "$(fig "$f" "Resources mobilised" "This period")" \
		"$(block 'Resources mobilised by source and by form (đồng)' <"$f" | awk -F, '$1 == "By source" { s += $3 } END { printf "%.0f", s }')"
	# The text and Markdown renderings of the same report.
	run km --lang en report --period "$p"
	check "$p text: exit 0" 0 "$rc"
	money=$(km --lang en resources totals --period "$p" | awk '/^Total/ { sub(/^Total +/, ""); print }')
	has "$p text: resources mobilised in đồng, Vietnamese style" "$(line_of "$out" "Resources mobilised")" "$money"
	has "$p text: the period with its dates" "$out" "Period: $p ("
	has "$p text: section 6" "$out" "6. Due or late as of 15/01/2026 (worklist 2025)"
	run km --lang en report --period "$p" --format md
	check "$p md: exit 0, six ## sections" "0 6" "$rc $(printf '%s\n' "$out" | grep -c '^## ')"
	has "$p md: a table row in đồng" "$out" "| Resources mobilised | $money |"
}

check_period 2025-Q4 2025-10-01 2025-12-31 2024-10-01 2024-12-31
check_period 2025-H2 2025-07-01 2025-12-31 2024-07-01 2024-12-31
check_period 2025 2025-01-01 2025-12-31 2024-01-01 2024-12-31

# ---- the revocation, the criteria, the late items (the year)
f=$tmp/report-2025.csv
line=$(block 'Recognitions decided or revoked in the period' <"$f" | grep -F 104/QĐ-MTTQ-BTT)
has "the revoked recognition: decision date" "$line" ",20/12/2025,"
has "the revoked recognition: revoked on, reason" "$line" ",28/12/2025,Không giữ vững"
has "the revoked recognition: its area below the province" "$line" "Đơn Dương › Ka Đô › Thôn 9,"
check "Q4: 4 recognised at province level once Thôn 9's is revoked; 1 revoked" "4,1" \
	"$(fig "$tmp/report-2025-Q4.csv" "Recognised at province level" "This period"),$(fig "$tmp/report-2025-Q4.csv" "Recognitions revoked" "This period")"
crit=$(block '"Criteria met at appraisal, 2025: by group, and the weakest"' <"$f")
check "criteria: all judgements at appraisal, met and judged" \
	"$(q "SELECT sum(met) || ',' || count(*) FROM assessment WHERE year = 2025 AND stage = 'appraisal'")" \
	"$(printf '%s\n' "$crit" | cell Total Met),$(printf '%s\n' "$crit" | cell Total Judged)"
check "criteria: five groups and five weakest" "5 5" \
	"$(printf '%s\n' "$crit" | grep -c '^Group,') $(printf '%s\n' "$crit" | grep -c '^Weakest criterion,')"
check "criteria: the weakest has the lowest share" \
	"$(printf '%s\n' "$crit" | awk -F, '$1 == "Weakest criterion" { print $NF }' | sort -n | head -1)" \
	"$(printf '%s\n' "$crit" | awk -F, '$1 == "Weakest criterion" { print $NF; exit }')"
wl=$(km worklist --year 2025 --format csv | sed 1d)
late=$(block 'Due or late as of 15/01/2026 (worklist 2025)' <"$f" | sed 1d)
check "late: the worklist's items" "$(lines "$wl")" "$(lines "$late")"
check "late: days late of each item, in order" "$(printf '%s\n' "$wl" | awk -F, '{ print $NF }')" \
	"$(printf '%s\n' "$late" | awk -F, '{ print $NF }')"

# ---- the district: its targets and the progress
km --lang en report --period 2025 --area "don duong" --format csv | tr -d '\r' >"$tmp/dd.csv"
check "district report: exit 0" 0 "$?"
check "district: the year's targets" "10,8,100000000000" \
	"$(fig "$tmp/dd.csv" "Recognised at district level" "Year's target"),$(fig "$tmp/dd.csv" "Recognised at province level" "Year's target"),$(fig "$tmp/dd.csv" "Resources mobilised" "Year's target")"
d=$(fig "$tmp/dd.csv" "Recognised at district level" "Year to date")
p=$(fig "$tmp/dd.csv" "Recognised at province level" "Year to date")
r=$(fig "$tmp/dd.csv" "Resources mobilised" "Year to date")
check "district: progress = year to date / target" "$(pct "$d" 10),$(pct "$p" 8),$(pct "$r" 100000000000)" \
	"$(fig "$tmp/dd.csv" "Recognised at district level" "Progress %"),$(fig "$tmp/dd.csv" "Recognised at province level" "Progress %"),$(fig "$tmp/dd.csv" "Resources mobilised" "Progress %")"
km --lang en report --period 2025-Q4 --area "don duong" --format csv | tr -d '\r' >"$tmp/dd-q4.csv"
check "district Q4: the progress counts the whole year to date" "$(pct "$r" 100000000000)" \
	"$(fig "$tmp/dd-q4.csv" "Resources mobilised" "Progress %")"
run km --lang en report --period 2025 --area "Lạc Xuân" --format csv
out=$(printf '%s\n' "$out" | tr -d '\r')   # records end in CRLF (RFC 4180)
check "a commune without targets: none shown" "," \
	"$(printf '%s\n' "$out" | block "Key figures" | cell "Recognised at district level" "Year's target"),$(printf '%s\n' "$out" | block "Key figures" | cell "Recognised at district level" "Progress %")"

# ---- files, BOM, Vietnamese
run km report --period 2025 --format csv --bom --output "$tmp/bom.csv"
check "--output: nothing on stdout" "0 " "$rc $out"
check "--bom: the file starts with a UTF-8 byte order mark" "efbbbf" "$(head -c 3 "$tmp/bom.csv" | od -An -tx1 | tr -d ' \n')"
check "--bom: then the same CSV" "$(km report --period 2025 --format csv)" "$(tail -c +4 "$tmp/bom.csv")"
run km report --period 2025-Q4
check "Vietnamese (the default): exit 0" 0 "$rc"
has "Vietnamese: money with dots and đ" "$out" \
	"$(km --lang en resources totals --period 2025-Q4 | awk '/^Total/ { sub(/^Total +/, ""); print }')"
has "Vietnamese: dates dd/mm/yyyy" "$out" "01/10/2025-31/12/2025"

# ---- xlsx
run km --lang en report --period 2025 --area "don duong" --format xlsx --output "$tmp/r.xlsx"
check "xlsx: exit 0, nothing on stdout" "0 " "$rc $out"
check "xlsx: a zip file" "504b0304" "$(head -c 4 "$tmp/r.xlsx" | od -An -tx1 | tr -d ' \n')"
km --lang en report --period 2025 --area "don duong" --format csv | tr -d '\r' >"$tmp/r.csv"
if ! command -v soffice >/dev/null 2>&1; then
	skip_n 11 "LibreOffice (soffice) is not installed"
else
	lo() {
		HOME=$tmp/lohome timeout 120 soffice --headless --norestore "$@" >"$tmp/lo.log" 2>&1
	}
	mkdir -p "$tmp/lo" "$tmp/lohome"
	lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$tmp/lo" "$tmp/r.xlsx"
	nfiles=$(ls "$tmp/lo" | wc -l | tr -d ' ')
	all_sheets=yes
	if [ "$nfiles" -lt 7 ]; then
		diag "LibreOffice did not export every sheet ($nfiles files); the first sheet only" "$(cat "$tmp/lo.log")"
		all_sheets=
		rm -rf "$tmp/lo"
		mkdir -p "$tmp/lo"
		lo --convert-to csv --outdir "$tmp/lo" "$tmp/r.xlsx"
	fi
	# The first sheet: the area, the period.
	cover=$(cat "$tmp/lo/r-"*.csv "$tmp/lo/r.csv" 2>/dev/null | grep -F -e 'Đơn Dương' -e '01/01/2025-31/12/2025')
	has "xlsx: the first sheet names the area" "$cover" "Đơn Dương"
	has "xlsx: the first sheet gives the period" "$cover" "2025 (01/01/2025-31/12/2025)"
	# Every section sheet equals its CSV block (found by its header line), numbers and dates
	# compared as values: the sheets hold numbers and real dates, which LibreOffice writes
	# unformatted (dates in its locale's order, day or month first).
	[ -n "$all_sheets" ] || { skip_n 9 "this LibreOffice exports the first sheet only"; exit 0; }
	awk -v d="$tmp/blk" 'BEGIN { n = 1 } /^$/ { n++; next } { print > (d "." n) }' "$tmp/r.csv"
	# swap: dd/mm <-> mm/dd in fields that are dates (each once: a swapped one is marked with @).
	swap() {
		sed -E -e ':a' -e 's#(^|,)([0-9]{2})/([0-9]{2})/([0-9]{4})(,|$)#\1\3@\2@\4\5#' -e 'ta' \
			-e 's#([0-9]{2})@([0-9]{2})@([0-9]{4})#\1/\2/\3#g'
	}
	matched=0
	for i in 1 2 3 4 5 6; do
		sed 1d "$tmp/blk.$i" >"$tmp/want.$i"
		head=$(head -1 "$tmp/want.$i")
		title=$(head -1 "$tmp/blk.$i" | tr -d '"')
		sheet=
		for s in "$tmp/lo/"*.csv; do
			[ "$(head -1 "$s")" = "$head" ] && sheet=$s
		done
		if [ -z "$sheet" ]; then
			fail "xlsx: a sheet for \"$title\"" "no sheet starts with: $head"
			continue
		fi
		if cmp -s "$tmp/want.$i" "$sheet" || swap <"$sheet" | cmp -s "$tmp/want.$i" -; then
			pass "xlsx: the sheet of \"$title\" holds the CSV report's values"
			matched=$((matched + 1))
		else
			fail "xlsx: the sheet of \"$title\" holds the CSV report's values"
			diff "$tmp/want.$i" "$sheet" | head -20 | sed 's/^/# /'
		fi
	done
	check "xlsx: six section sheets and the Report sheet" "7 6" "$(ls "$tmp/lo" | wc -l | tr -d ' ') $matched"
	# As Excel shows them: dates dd/mm/yyyy, percentages with one decimal and a % sign.
	mkdir -p "$tmp/shown"
	# A second LibreOffice run right after the first can find the profile still locked: retry.
	for try in 1 2 3; do
		lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
			--outdir "$tmp/shown" "$tmp/r.xlsx"
		ls "$tmp/shown/"*.csv >/dev/null 2>&1 && break
		sleep 2
	done
	shown=$(cat "$tmp/shown/"*.csv)
	first=$(sed -n 2p "$tmp/blk.2" | awk -F, '{ print $5 }')   # the first decision's date
	has "xlsx: dates shown as dd/mm/yyyy" "$shown" ",$first,"
	share=$(cell Total "$(head -1 "$tmp/want.3" | cut -d, -f7)" <"$tmp/want.3")
	share=$(awk -v v="$share" 'BEGIN { printf "%.1f%%", v }')
	if printf '%s\n' "$shown" | grep -q -e ",$share\$" -e ",$(echo "$share" | tr . ,)\$" -e ",\"$(echo "$share" | tr . ,)\"\$"; then
		pass "xlsx: percentages shown with one decimal and %"
	else
		fail "xlsx: percentages shown with one decimal and %" "no $share in:" "$(cat "$tmp/shown/"*.csv | head -40)"
	fi
fi
