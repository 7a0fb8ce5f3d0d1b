# The resource ledger of the TUI (headless, through --script): a village's ledger filled by
# keyboard with ten entries (amounts typed as "1,5 triệu" and "2 tỷ", labour days, donated land,
# materials, machinery), its rows and totals, a refused value kept beside its field, Esc asking
# before throwing typed text away, another period chosen with p, an entry edited and one deleted,
# and the commune's ledger rolling the village up; what the TUI saved is read back with the CLI.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 102

KIEUMAU_TODAY=2025-12-31
export KIEUMAU_TODAY
KM_OPTS="--year 2025 --lang en"

have_sqlite() { command -v sqlite3 >/dev/null 2>&1; }
# cli_ready: `resources list --format csv` works (then its output is in $out).
cli_ready() {
	run km resources list --format csv
	[ "$rc" -eq 0 ] || return 1
	case "$out$err" in *"in progress"*) return 1 ;; esac
	return 0
}
# How many entries are stored ("?" if neither the CLI nor sqlite3 can tell).
count_entries() {
	if cli_ready; then
		printf '%s\n' "$out" | sed 1d | grep -c .
	elif have_sqlite; then
		sqlite3 "$DB" "SELECT count(*) FROM resource_entry"
	else
		echo "?"
	fi
}
# The first 10 characters (the date) of rows FIRST..LAST of a screen, on one line.
dates() { printf '%s\n' "$3" | sed -n "$(($1 + 1)),$(($2 + 1))p" | cut -c2-11 | tr '\n' ' '; }

run km areas add --parent "Lạc Xuân" "Thôn 1"
check "a village added" "0 24934-01	Thôn 1" "$rc $out"

open_ledger='/
:type thon 1
Enter
m'

# ---- an empty ledger; a refused value keeps the form; Esc asks before throwing it away
script_run refused \
	"$open_ledger" ":dump $tmp/r1" \
	"a" ":dump $tmp/r2" \
	"Tab Tab Tab Tab Tab" ":type abc" "Tab" ":type bê tông hóa đường thôn" \
	"Enter" ":dump $tmp/r3" \
	"Esc" ":dump $tmp/r4" \
	"y" ":dump $tmp/r5" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "m opens the ledger of the village (header: path and period)" "$(row 0 "$(dump r1)")" \
	"Lạc Xuân › Thôn 1  (resources, 2025)"
has "an empty ledger: a row says so" "$(row 1 "$(dump r1)")" "No resource entries in 2025."
has "the message says how to add one" "$(row 22 "$(dump r1)")" "a: add an entry"
has "a opens the form" "$(row 1 "$(dump r2)")" "New resource entry for"
has "the date defaults to today" "$(line_of "$(dump r2)" "Date *")" "31/12/2025"
lacks "a village's ledger: no area field" "$(dump r2)" "Area *"
has "the source defaults to residents" "$(line_of "$(dump r2)" "Source *")" "‹ Residents ›"
has "the form defaults to cash" "$(line_of "$(dump r2)" "Form *")" "‹ Cash ›"
has "the value field hints at 1,5 triệu" "$(line_of "$(dump r2)" "Value (đồng) *")" "e.g. 1,5 triệu"
has "abc: the form stays, with what was typed" "$(line_of "$(dump r3)" "Value (đồng) *")" "abc"
has "the reason shows beside the value" "$(line_of "$(dump r3)" "Value (đồng) *")" "Enter an amount"
has "the other fields keep their text" "$(line_of "$(dump r3)" "Work")" "bê tông hóa đường thôn"
has "Esc with typed text asks first" "$(row 22 "$(dump r4)")" "Throw away what you typed? (y/n)"
has "y throws it away: back to the empty ledger" "$(row 1 "$(dump r5)")" "No resource entries in 2025."
check "nothing was saved" 0 "$(count_entries)"

# ---- ten entries by keyboard. Fields: Date, Source, Form, Quantity, Unit, Value, Work,
# Contributor, Note. Sources cycle with Space: central province district commune pooled credit
# enterprise residents donors other; forms: cash labour land materials machinery other. A new
# entry starts with the date and source of the last one.
script_run entries \
	"$open_ledger" \
	"# 1: the defaults (today, residents, cash): Tab to the value, type it, Tab, the work, Enter" \
	"a" "Tab Tab Tab Tab Tab" ":type 1,5 triệu" "Tab" ":type quỹ thôn" "Enter" ":dump $tmp/l0" \
	"# 2: residents, labour: 35 ngày công" \
	"a" "C-u" ":type 10/03/2025" "Tab Tab Space" "Tab" ":type 35" "Tab Tab" ":type 5.250.000" \
	"Tab" ":type đào mương thoát nước" "Enter" \
	"# 3: residents, donated land: 87,8 m², with the contributor" \
	"a" "C-u" ":type 20/02/2025" "Tab Tab Space Space" "Tab" ":type 87,8" "Tab Tab" \
	":type 175.600.000" "Tab" ":type mở rộng đường thôn" "Tab" ":type Hộ ông Nguyễn Văn An" "Enter" \
	"# 4: central budget (residents -> donors -> other -> central), cash, 2 tỷ" \
	"a" "C-u" ":type 05/02/2025" "Tab Space Space Space" "Tab Tab Tab Tab" ":type 2 tỷ" \
	"Tab" ":type bê tông hóa đường thôn" "Enter" \
	"# 5: province, cash, 500 triệu" \
	"a" "C-u" ":type 15/06/2025" "Tab Space" "Tab Tab Tab Tab" ":type 500 triệu" \
	"Tab" ":type nhà văn hóa thôn" "Enter" \
	"# 6: district, cash, 300.000.000" \
	"a" "C-u" ":type 20/07/2025" "Tab Space" "Tab Tab Tab Tab" ":type 300.000.000" \
	"Tab" ":type nhà văn hóa thôn" "Enter" \
	"# 7: commune, materials: 20 tấn xi măng" \
	"a" "C-u" ":type 01/08/2025" "Tab Space" "Tab Space Space Space" "Tab" ":type 20" \
	"Tab" ":type tấn xi măng" "Tab" ":type 36 triệu" "Tab" ":type bê tông hóa đường thôn" "Enter" \
	"# 8: enterprise (commune -> pooled -> credit -> enterprise), machinery: 5 ca máy" \
	"a" "C-u" ":type 10/09/2025" "Tab Space Space Space" "Tab Space Space Space Space" \
	"Tab" ":type 5" "Tab" ":type ca máy" "Tab" ":type 25.000.000" "Tab" ":type san lấp mặt bằng" \
	"Tab" ":type Công ty TNHH Xây dựng Lạc Xuân" "Enter" \
	"# 9: donors, cash, 50 triệu" \
	"a" "C-u" ":type 12/11/2025" "Tab Space Space" "Tab Tab Tab Tab" ":type 50 triệu" \
	"Tab" ":type đèn chiếu sáng" "Enter" \
	"# 10: residents (Left from donors), labour: 120 ngày công" \
	"a" "C-u" ":type 25/03/2025" "Tab Left" "Tab Space" "Tab" ":type 120" "Tab Tab" \
	":type 18.000.000" "Tab" ":type bê tông hóa đường thôn" "Enter" \
	":dump $tmp/l1" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
l0=$(dump l0)
has "the first entry: its row" "$(line_of "$l0" "31/12/2025")" "31/12/2025 residents cash"
has "... 1,5 triệu shown as 1.500.000 đ" "$(line_of "$l0" "31/12/2025")" "1.500.000 đ quỹ thôn"
has "a message says what was saved" "$(row 22 "$l0")" "Saved: 1.500.000 đ from residents (cash) on 31/12/2025"
l1=$(dump l1)
has "the header: the village and the year" "$(row 0 "$l1")" "Thôn 1  (resources, 2025)"
has "a heading row" "$(row 1 "$l1")" "Date       Source     Form"
check "ten rows, newest first" \
	"31/12/2025 12/11/2025 10/09/2025 01/08/2025 20/07/2025 15/06/2025 25/03/2025 10/03/2025 20/02/2025 05/02/2025 " \
	"$(dates 2 11 "$l1")"
lacks "a village's ledger: no area column" "$(row 1 "$l1")" "Area"
r=$(line_of "$l1" "10/03/2025")
has "labour days: the quantity and unit" "$r" "35 ngày công"
has "... its value" "$r" "5.250.000 đ"
r=$(line_of "$l1" "20/02/2025")
has "donated land: 87,8 m²" "$r" "87,8 m²"
has "... its value" "$r" "175.600.000 đ"
r=$(line_of "$l1" "05/02/2025")
has "2 tỷ from the central budget" "$r" "central"
has "... shown as 2.000.000.000 đ" "$r" "2.000.000.000 đ"
has "... and its work" "$r" "bê tông hóa đường thôn"
r=$(line_of "$l1" "15/06/2025")
has "500 triệu from the province" "$r" "province   cash"
has "... shown as 500.000.000 đ" "$r" "500.000.000 đ"
has "district, cash" "$(line_of "$l1" "20/07/2025")" "district   cash"
r=$(line_of "$l1" "01/08/2025")
has "materials: quantity and the unit typed" "$r" "commune    20 tấn xi măng"
has "... 36 triệu" "$r" "36.000.000 đ"
r=$(line_of "$l1" "10/09/2025")
has "machinery from an enterprise" "$r" "enterprise 5 ca máy"
has "... 25.000.000 đ" "$r" "25.000.000 đ"
has "donors, 50 triệu" "$(line_of "$l1" "12/11/2025")" "donors     cash              50.000.000 đ"
has "the tenth: residents again (Left), 120 ngày công" "$(line_of "$l1" "25/03/2025")" \
	"residents  120 ngày công     18.000.000 đ"
has "the last save's message" "$(row 22 "$l1")" "Saved: 18.000.000 đ from residents (120 ngày công) on 25/03/2025"
t=$(line_of "$l1" "Total:")
has "totals: the count, labour days and land" "$t" "Total: 10 entries, 155 ngày công, 87,8 m²"
has "totals: the value" "$t" "3.111.350.000 đ"
has "totals by source and by form: headings" "$(line_of "$l1" "By source")" "By form"
r=$(line_of "$l1" "State budget: central")
has "by source: central" "$r" "2.000.000.000 đ"
has "by form beside it: cash" "$r" "Cash"
has "... cash's total" "$r" "2.851.500.000 đ"
has "by source: residents" "$(line_of "$l1" "Residents")" "200.350.000 đ"
has "by source: province" "$(line_of "$l1" "State budget: province")" "500.000.000 đ"
has "by source: enterprises" "$(line_of "$l1" "Enterprises")" "25.000.000 đ"
has "by form: labour days" "$(line_of "$l1" "Labour days")" "23.250.000 đ"
has "by form: donated land" "$(line_of "$l1" "Donated land")" "175.600.000 đ"
has "by form: materials" "$(line_of "$l1" "Materials")" "36.000.000 đ"
lacks "only non-zero lines: no pooled programmes" "$l1" "Pooled"
lacks "... no credit" "$l1" "Credit"
check "ten entries stored" 10 "$(count_entries)"
if cli_ready; then
	check "list --format csv: the land entry as typed" \
		"24934-01,residents,land,87.8,m²,175600000,mở rộng đường thôn,Hộ ông Nguyễn Văn An" \
		"$(printf '%s\n' "$out" | csv_get 20/02/2025 area_code source form quantity unit value work contributor)"
	check "list --format csv: 2 tỷ stored as 2000000000" "central,cash,2000000000" \
		"$(printf '%s\n' "$out" | csv_get 05/02/2025 source form value)"
	check "list --format csv: 1,5 triệu, cash, the unit đ by default" "residents,cash,,đ,1500000,quỹ thôn" \
		"$(printf '%s\n' "$out" | csv_get 31/12/2025 source form quantity unit value work)"
	check "list --format csv: labour days with the default unit" "labour,35,ngày công,5250000" \
		"$(printf '%s\n' "$out" | csv_get 10/03/2025 form quantity unit value)"
	check "list --format csv: the unit typed for materials" "materials,20,tấn xi măng,36000000" \
		"$(printf '%s\n' "$out" | csv_get 01/08/2025 form quantity unit value)"
	run km resources totals --area "Lạc Xuân/Thôn 1" --period 2025 --format csv
	totals=$(printf '%s\n' "$out" | cut -d, -f1,2,4 | grep -v ',0$' | tr '\n' ' ')
	check "totals --format csv: what the TUI's totals show" \
		"kind,key,value source,central,2000000000 source,province,500000000 source,district,300000000 source,commune,36000000 source,enterprise,25000000 source,residents,200350000 source,donors,50000000 form,cash,2851500000 form,labour,23250000 form,land,175600000 form,materials,36000000 form,machinery,25000000 total,value,3111350000 total,count,10 total,labour_days,155 total,land_m2,87.8 " \
		"$totals"
else
	skip_n 6 "resources list/totals --format csv is in progress"
fi

# ---- another period: a refused one keeps the prompt with its reason; 2025-Q1; the year keys
script_run period \
	"$open_ledger" \
	"p" ":dump $tmp/p1" \
	"C-u" ":type 2025-Q5" "Enter" ":dump $tmp/p2" \
	"C-u" ":type 2025-Q1" "Enter" ":dump $tmp/p3" \
	"[" ":dump $tmp/p4" \
	"]" ":dump $tmp/p5" \
	"p C-u Enter" ":dump $tmp/p6" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "p asks for the period" "$(row 22 "$(dump p1)")" "Period (2025, 2025-H1, 2025-Q2"
has "... offering the current one" "$(row 22 "$(dump p1)")" "2025"
has "2025-Q5 is refused with its reason" "$(row 23 "$(dump p2)")" "A quarter is Q1, Q2, Q3 or Q4"
has "... the prompt stays with what was typed" "$(row 22 "$(dump p2)")" "2025-Q5"
p3=$(dump p3)
has "2025-Q1: the header says so" "$(row 0 "$p3")" "(resources, 2025-Q1)"
check "2025-Q1: the entries of the quarter, newest first" \
	"25/03/2025 10/03/2025 20/02/2025 05/02/2025 " "$(dates 2 5 "$p3")"
lacks "entries dated later are gone" "$p3" "31/12/2025"
lacks "... and 15/06/2025" "$p3" "15/06/2025"
has "the quarter's totals" "$(line_of "$p3" "Total:")" "Total: 4 entries, 155 ngày công, 87,8 m²"
has "... its value" "$(line_of "$p3" "Total:")" "2.198.850.000 đ"
has "a message counts them" "$(row 22 "$p3")" "Period 2025-Q1: 4 entries"
has "[ moves the chosen period a year back" "$(row 0 "$(dump p4)")" "(resources, 2024-Q1)"
has "... where there is nothing" "$(row 1 "$(dump p4)")" "No resource entries in 2024-Q1."
has "] moves it forward again" "$(row 0 "$(dump p5)")" "(resources, 2025-Q1)"
has "an empty period: the year again" "$(row 0 "$(dump p6)")" "(resources, 2025)"
has "... with every entry of it" "$(dump p6)" "Total: 10 entries"

# ---- defaults from the last entry; an entry edited; one deleted after confirming
script_run edit \
	"$open_ledger" \
	"a" ":dump $tmp/x0" "Esc" \
	"Enter" ":dump $tmp/x1" \
	"Tab Tab Tab Tab Tab C-u" ":type 1.600.000" "Enter" ":dump $tmp/x2" \
	"x" ":dump $tmp/x3" "n" ":dump $tmp/x4" \
	"x y" ":dump $tmp/x5" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "a new entry starts on the last entry's date" "$(line_of "$(dump x0)" "Date *")" "25/03/2025"
has "... and source" "$(line_of "$(dump x0)" "Source *")" "‹ Residents ›"
has "Enter edits the selected entry" "$(row 1 "$(dump x1)")" "Resource entry in the ledger of"
has "... its value" "$(line_of "$(dump x1)" "Value (đồng) *")" "1.500.000"
has "... its work" "$(line_of "$(dump x1)" "Work")" "quỹ thôn"
has "the edited value shows" "$(line_of "$(dump x2)" "31/12/2025")" "1.600.000 đ"
has "... and the total" "$(line_of "$(dump x2)" "Total:")" "3.111.450.000 đ"
has "x asks before deleting" "$(row 22 "$(dump x3)")" \
	"Delete the entry 1.600.000 đ from residents (cash) on 31/12/2025? (y/n)"
has "n keeps it" "$(dump x4)" "31/12/2025"
lacks "y deletes it" "$(dump x5 | sed -n 2,21p)" "31/12/2025"
has "... and says so" "$(row 22 "$(dump x5)")" "Deleted: 1.600.000 đ from residents (cash) on 31/12/2025"
has "the totals follow" "$(line_of "$(dump x5)" "Total:")" "Total: 9 entries"
check "nine entries stored" 9 "$(count_entries)"

# ---- the commune's ledger: the village's entries rolled up, an area column, an Area field
script_run commune \
	"/" ":type lac xuan" "Enter" "m" ":dump $tmp/c1" \
	"a" ":dump $tmp/c2" \
	"Tab Space Tab Tab Tab Tab Tab" ":type 10 triệu" "Tab" ":type quỹ khuyến học" "Enter" \
	":dump $tmp/c3" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "the commune's ledger" "$(row 0 "$(dump c1)")" "Đơn Dương › Lạc Xuân  (resources, 2025)"
has "... shows the village's entries with an area column" "$(line_of "$(dump c1)" "12/11/2025")" \
	"12/11/2025 Thôn 1"
has "... and the village's totals" "$(line_of "$(dump c1)" "Total:")" "Total: 9 entries"
has "the form has an Area field: the last entry's village" "$(line_of "$(dump c2)" "Area *")" "‹ Thôn 1 ›"
has "Space chose the commune itself" "$(line_of "$(dump c3)" "quỹ khuyến học")" "Lạc Xuân"
has "... dated like the last entry" "$(line_of "$(dump c3)" "quỹ khuyến học")" "25/03/2025"
lacks "the village's ledger does not show the commune's entry" \
	"$(km resources list --area "Lạc Xuân/Thôn 1" --format csv)" "quỹ khuyến học"
