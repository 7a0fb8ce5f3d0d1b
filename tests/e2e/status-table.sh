# The status table, the targets and the criteria matrix from the CLI, on the demo data: the
# directive's figures for 2021 (32 villages recognised, 12 of them by the province), the totals
# as the sums of the rows, the text table aligned by display width with Vietnamese numbers,
# targets set, shown, cleared and refused, and the matrix of Lạc Xuân.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 43

# width TEXT: the display width of each line of TEXT, one a line (UTF-8, whatever the locale).
width() {
	printf '%s\n' "$1" | while IFS= read -r t_l; do printf '%s' "$t_l" | LC_ALL=C.UTF-8 wc -m | tr -d ' '; done
}
# csv_rows CSV: the data lines (no header).
csv_rows() { printf '%s\n' "$1" | sed 1d; }
# vn_tr DONG: đồng in triệu the Vietnamese way, one decimal: 76922800000 -> "76.922,8 tr".
vn_tr() {
	awk -v d="$1" 'BEGIN {
		t = int(d / 100000 + 0.5); w = int(t / 10); f = t % 10; s = ""
		while (w >= 1000) { s = sprintf(".%03d", w % 1000) s; w = int(w / 1000) }
		printf "%d%s,%d tr\n", w, s, f }'
}

run km demo
check "demo: done" 0 "$rc"

# ---- status-table csv ----
run km status-table "don duong" --year 2021 --format csv
check "status-table csv: exit 0" 0 "$rc"
csv=$out
check "csv: the header" \
	"code,name,villages,registered,self_assessed,eligible,recognised_district,recognised_province,criteria_met,criteria_total,resources_dong,labour_days,land_m2,awards,target_district,target_province,target_resources_dong" \
	"$(printf '%s\n' "$csv" | sed -n 1p)"
check "csv: 10 communes and the totals" 11 "$(csv_rows "$csv" | wc -l | tr -d ' ')"
check "csv: the last line is the totals" "TOTAL" "$(printf '%s\n' "$csv" | tail -1 | cut -d, -f1)"
check "csv: 8 to 12 villages in every commune" "" \
	"$(csv_rows "$csv" | grep -v '^TOTAL,' | awk -F, '$3 < 8 || $3 > 12 { print $1, $3 }')"
check "csv: 2021, the directive's figures: 20 recognised by the district, 12 by the province" \
	"20,12" "$(printf '%s\n' "$csv" | csv_get TOTAL recognised_district recognised_province)"
check "csv: 32 eligible villages in 2021" "32" "$(printf '%s\n' "$csv" | csv_get TOTAL eligible)"
# The totals are the sums of the rows (the district has no entries of its own in the demo).
sums=$(csv_rows "$csv" | grep -v '^TOTAL,' | awk -F, '{ for (i = 3; i <= 14; i++) s[i] += $i }
	END { for (i = 3; i <= 14; i++) printf "%s%.0f", (i > 3 ? "," : ""), s[i]; print "" }')
total=$(printf '%s\n' "$csv" | grep '^TOTAL,' | cut -d, -f3-14)
check "csv: the totals are the sums of the rows" "$sums" "$total"
nvill=$(km areas --format csv | awk -F, '$3 == "village" || $3 == "residential_group"' | wc -l | tr -d ' ')
check "csv: the villages are those of the area tree" "$nvill" "$(printf '%s\n' "$csv" | csv_get TOTAL villages)"
check "csv: criteria total = villages x 18" "$((nvill * 18))" "$(printf '%s\n' "$csv" | csv_get TOTAL criteria_total)"
check "csv: no targets yet (empty fields)" ",," "$(printf '%s\n' "$csv" | csv_get TOTAL target_district target_province target_resources_dong)"
check "csv: Lạc Xuân, 2021" "Lạc Xuân,8,2,0" "$(printf '%s\n' "$csv" | csv_get 24934 name villages recognised_district recognised_province)"

# ---- status-table text ----
run km status-table "don duong" --year 2021
check "text: exit 0" 0 "$rc"
text=$out
table=$(printf '%s\n' "$text" | sed 1d)
check "text: a header, 10 communes, the totals" 12 "$(printf '%s\n' "$table" | wc -l | tr -d ' ')"
check "text: every line as wide (padded by display width)" 1 "$(width "$table" | sort -u | wc -l | tr -d ' ')"
has "text: the title names the area and the year" "$(printf '%s\n' "$text" | sed -n 1p)" "Đơn Dương"
has "text: the title names the year" "$(printf '%s\n' "$text" | sed -n 1p)" "2021"
last=$(printf '%s\n' "$table" | tail -1)
has "text: the totals last, recognised district/province" "$last" " 20/12 "
dong=$(printf '%s\n' "$csv" | csv_get TOTAL resources_dong)
has "text: resources in triệu, Vietnamese number format" "$last" " $(vn_tr "$dong")"
labour=$(printf '%s\n' "$csv" | csv_get TOTAL labour_days)
case $labour in ????*) labour_vn=$(echo "$labour" | sed 's/\(.*\)\([0-9][0-9][0-9]\)$/\1.\2/') ;; *) labour_vn=$labour ;; esac
has "text: labour days with a thousands dot" "$last" " $labour_vn "
has "text: Lạc Xuân's line" "$(line_of "$table" "Lạc Xuân")" " 2/0 "
# The numbers are right-aligned: the end of the villages column is the same on every line.
ends=$(width "$(printf '%s\n' "$table" | sed 1d | sed -E 's/^([^0-9]*[0-9.]+).*/\1/')" | sort -u | wc -l | tr -d ' ')
check "text: the villages column right-aligned" 1 "$ends"

# ---- targets ----
run km targets "Lạc Xuân" --year 2021 --district 3 --province 1 --resources "1,5 tỷ" --note "Nghị quyết Đảng bộ xã"
check "targets: set, exit 0" "0:" "$rc:$err"
has "targets: district target and actual" "$out" "3 / 2"
has "targets: province target and actual" "$out" "1 / 0"
has "targets: resources target and actual" "$out" "1.500.000.000 đ / 6.792.900.000 đ"
has "targets: the note" "$out" "Nghị quyết Đảng bộ xã"
run km targets "Lạc Xuân" --year 2021
has "targets: shown again without setters" "$out" "3 / 2"
run km status-table "don duong" --year 2021 --format csv
check "targets: in the status table's csv" "3,1,1500000000" \
	"$(printf '%s\n' "$out" | csv_get 24934 target_district target_province target_resources_dong)"
run km status-table "don duong" --year 2021
has "targets: progress in the text table (recognised / target)" "$(line_of "$out" "Lạc Xuân")" " 2/4"
km targets "don duong" --year 2021 --district 20 --province 12 >/dev/null
run km status-table "don duong" --year 2021
has "targets: the district's own, on the totals line" "$(printf '%s\n' "$out" | tail -1)" " 32/32"
run km targets "Lạc Xuân" --year 2021 --district -1
check "targets: a negative count refused" 1 "$rc"
run km targets "Lạc Xuân/Thôn 1" --year 2021 --district 1
check "targets: a village has none" 1 "$rc"
run km targets "Lạc Xuân" --year 2021 --clear
run km status-table "don duong" --year 2021 --format csv
check "targets: cleared" ",," "$(printf '%s\n' "$out" | csv_get 24934 target_district target_province target_resources_dong)"

# ---- matrix ----
run km matrix "Lạc Xuân" --year 2021 --format csv
check "matrix csv: exit 0" 0 "$rc"
mcsv=$out
has "matrix csv: the criteria as columns" "$(printf '%s\n' "$mcsv" | sed -n 1p)" "village,KT01,KT02,KT03,VH01"
run km status-table "Lạc Xuân" --year 2021 --format csv
villages=$(csv_rows "$out" | grep -v '^TOTAL,' | cut -d, -f2)
check "matrix csv: Lạc Xuân's villages, in order" "$villages" "$(csv_rows "$mcsv" | cut -d, -f1)"
check "matrix csv: every cell a known state" "" \
	"$(csv_rows "$mcsv" | cut -d, -f2- | tr , '\n' | grep -vx -e met -e not_met -e not_assessed -e disagree_met -e disagree_not_met)"
run km matrix "Lạc Xuân" --year 2021
check "matrix text: exit 0" 0 "$rc"
first=$(printf '%s\n' "$villages" | head -1)
check "matrix text: one character a criterion" 18 \
	"$(line_of "$out" "$first  " | sed "s/^$first *//; s/  [0-9]*\/18\$//" | tr -d ' ' | wc -c | awk '{ print $1 - 1 }')"
has "matrix text: the legend" "$out" "! "
run km matrix "don duong" --year 2021
check "matrix: refused for a district" 1 "$rc"
