# The status table and the criteria matrix of the TUI on the demo data (headless, through
# --script): s on Đơn Dương shows its ten communes and a totals row (32 recognised in 2021: 20 by
# the district, 12 by the province); o sorts by the next column and again reverses; / filters by
# name without tone marks; { and } scroll the columns with the names kept; Enter drills into a
# commune's villages and into a village's checklist, Backspace goes back up; M opens the matrix of
# villages by criteria; t sets the year's targets and the progress column shows them. Then the
# table at 80x24 in a real terminal (tmux).
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 106

KM_OPTS="--lang en --year 2021"

# names FIRST LAST SCREEN: the names (first column) of rows FIRST..LAST, comma-separated.
names() { printf '%s\n' "$3" | sed -n "$(($1 + 1)),$(($2 + 1))p" | sed 's/^ //; s/  .*//' | tr '\n' ',' | sed 's/,$//'; }
# first_number FIRST LAST SCREEN: the first number after the name on rows FIRST..LAST.
first_number() { printf '%s\n' "$3" | sed -n "$(($1 + 1)),$(($2 + 1))p" | sed 's/^[^0-9]*//' | awk '{ print $1 }' | tr '\n' ' ' | sed 's/ $//'; }
# widest TEXT: the most columns a line takes (UTF-8 continuation bytes do not count).
widest() { printf '%s\n' "$1" | LC_ALL=C tr -d '\200-\277' | awk '{ n = length($0); if (n > w) w = n } END { print w + 0 }'; }
communes="D'Ran,Đạ Ròn,Ka Đô,Ka Đơn,Lạc Lâm,Lạc Xuân,Pró,Quảng Lập,Thạnh Mỹ,Tu Tra"

run km demo
check "km demo: exit 0" 0 "$rc"

# ---- the table of the district: rows, totals, filter, sort, columns
script_run table \
	"s" ":dump $tmp/t1" \
	"/" ":type lac" "Enter" ":dump $tmp/t2" \
	"Left" ":dump $tmp/t3" \
	"o" ":dump $tmp/t4" "o" ":dump $tmp/t5" "o" ":dump $tmp/t6" \
	"}" ":dump $tmp/t7" "} } } } }" ":dump $tmp/t8" "}" ":dump $tmp/t9" \
	"{ { { { { {" ":dump $tmp/t10" \
	"j j" ":dump $tmp/t11" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
t1=$(dump t1)
has "s opens the status table of Đơn Dương (header: path and year)" "$(row 0 "$t1")" \
	"Lâm Đồng › Đơn Dương  (status table, 2021)"
r=$(row 1 "$t1")
has "column titles: the unit" "$r" " Commune "
has "... villages" "$r" "Villages"
has "... registered" "$r" "Reg."
has "... eligible" "$r" "Eligible"
has "... recognised district/province" "$r" "Recog. D/P"
has "... the share of criteria met" "$r" "Criteria met"
has "a › marker: more columns to the right" "$r" "›"
lacks "no ‹ marker before scrolling" "$r" "‹"
check "ten commune rows in Vietnamese order" "$communes" "$(names 2 11 "$t1")"
t=$(row 12 "$t1")
has "the totals row last" "$t" " Total "
has "32 recognised in 2021: 20 by the district, 12 by the province" "$t" "20/12"
has "... of 99 villages" "$(first_number 12 12 "$t1")" "99"
check "the rows' recognised add up to the totals'" "20/12" \
	"$(printf '%s\n' "$t1" | sed -n 3,12p | tr ' ' '\n' | grep -E '^[0-9]+/[0-9]+$' |
		awk -F/ '{ d += $1; p += $2 } END { print d "/" p }')"
check "nothing below the totals row" "" "$(row 13 "$t1")"
has "the criteria met drawn as a bar with its share" "$(line_of "$t1" "Lạc Xuân")" "░"
has "... and a per cent" "$(line_of "$t1" "Lạc Xuân")" "%"
has "resources in triệu, Vietnamese format" "$t" " tr"
ok "... e.g. 76.922,8 tr (thousands '.', decimal ',')" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "[0-9]{1,3}(\.[0-9]{3})*(,[0-9])? tr"' sh "$t"

t2=$(dump t2)
has "/ lac: the header names the filter" "$(row 0 "$t2")" "filter \"lac\")"
check "/ lac: Lạc Lâm and Lạc Xuân, tone marks ignored" "Lạc Lâm,Lạc Xuân" "$(names 2 3 "$t2")"
has "... then the totals row" "$(row 4 "$t2")" " Total "
has "... a message counts the matches" "$(row 22 "$t2")" "2 of 10 units match \"lac\""
check "Back (Left) clears the filter first: ten rows again" "$communes" "$(names 2 11 "$(dump t3)")"
has "... says so" "$(row 22 "$(dump t3)")" "Filter cleared"
lacks "... and the header forgets it" "$(row 0 "$(dump t3)")" "filter"

t4=$(dump t4)
has "o: sorted by villages (the header says so)" "$(row 0 "$t4")" "sorted by villages"
check "... the most villages first" "11 11 11 10 10 10 10 10 8 8" "$(first_number 2 11 "$t4")"
check "... ties in the units' order" "Đạ Ròn,Lạc Lâm,Quảng Lập" "$(names 2 4 "$t4")"
has "... the totals row stays last" "$(row 12 "$t4")" " Total "
has "... the message says how to reverse" "$(row 22 "$t4")" "Sorted by villages, largest first"
check "o again on the same column: reversed" "8 8 10 10 10 10 10 11 11 11" "$(first_number 2 11 "$(dump t5)")"
has "... the header marks it" "$(row 0 "$(dump t5)")" "sorted by villages ↑"
t6=$(dump t6)
has "o a third time: the next column, registered" "$(row 0 "$t6")" "sorted by registered"
has "... D'Ran (10 registered) first" "$(names 2 2 "$t6")" "D'Ran"

t7=$(dump t7)
r=$(row 1 "$t7")
has "}: the first column stays" "$r" " Commune "
has "... a ‹ marker" "$r" "‹"
lacks "... villages scrolled out of sight" "$r" "Villages"
has "... the names stay on the rows" "$(names 2 2 "$t7")" "D'Ran"
r=$(row 1 "$(dump t8)")
has "} further: labour days" "$r" "Labour days"
has "... land" "$r" "Land m²"
has "... commendations" "$r" "Awards"
has "... progress against the target" "$r" "Progress"
lacks "... the last column: no › marker" "$r" "›"
has "... no target yet: -" "$(line_of "$(dump t8)" "Total")" " -"
has "} at the end: nothing more to the right" "$(row 22 "$(dump t9)")" "No more columns to the right"
r=$(row 1 "$(dump t10)")
has "{ back to the first columns" "$r" "Villages"
lacks "... no ‹ marker" "$r" "‹"
check "moving the cursor changes no text (only the highlight)" "$(dump t10 | sed 23d)" "$(dump t11 | sed 23d)"

# ---- drilling down: a commune's villages, a village's checklist, back up; the matrix
script_run drill \
	"s" "/" ":type lac xuan" "Enter" "Enter" ":dump $tmp/d1" \
	"Enter" ":dump $tmp/d2" "Backspace" ":dump $tmp/d3" "Backspace" ":dump $tmp/d4" \
	"M" ":dump $tmp/d5" "}" ":dump $tmp/d6" "Enter" ":dump $tmp/d7" "Backspace" ":dump $tmp/d8" \
	"Backspace" "Backspace" ":dump $tmp/d9" \
	"Backspace" "Backspace" ":dump $tmp/d10" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
d1=$(dump d1)
has "Enter on a commune: the table of its villages" "$(row 0 "$d1")" \
	"Đơn Dương › Lạc Xuân  (status table, 2021)"
has "... titled Village" "$(row 1 "$d1")" " Village "
lacks "... no villages column (one each)" "$(row 1 "$d1")" "Villages"
check "... its eight villages" "Thôn 1,Thôn 2,Thôn 3,Thôn 4,Thôn 5,Thôn 6,Thôn 7,Thôn 8" "$(names 2 9 "$d1")"
has "... and the commune's totals, 2 recognised by the district" "$(row 10 "$d1")" "2/0"
has "Enter on a village: its checklist" "$(row 0 "$(dump d2)")" "Lạc Xuân › Thôn 1"
lacks "... not a table" "$(row 0 "$(dump d2)")" "status table"
has "Backspace: back to the commune's table" "$(row 0 "$(dump d3)")" "Lạc Xuân  (status table, 2021)"
d4=$(dump d4)
has "Backspace again: up to the district's table" "$(row 0 "$d4")" "Đơn Dương  (status table, 2021, filter \"lac xuan\")"
check "... still filtered" "Lạc Xuân" "$(names 2 2 "$d4")"
d5=$(dump d5)
has "M: the criteria matrix of the selected commune" "$(row 0 "$d5")" \
	"Đơn Dương › Lạc Xuân  (criteria matrix, 2021)"
r=$(row 1 "$d5")
has "... criteria codes as column titles" "$r" "KT01 KT02 KT03"
has "... with a › marker" "$r" "›"
check "... one row per village" "Thôn 1,Thôn 2,Thôn 3,Thôn 4,Thôn 5,Thôn 6,Thôn 7,Thôn 8" "$(names 2 9 "$d5")"
has "... a village meeting every criterion" "$(line_of "$d5" "Thôn 2")" "18/18"
ok "... cells are x . - or ≠" sh -c 'printf "%s\n" "$1" | sed -n 3,10p | sed "s/^ Thôn [0-9]* *[0-9]*\/[0-9]* *//" |
	tr -d " x.≠-" | grep -q . && exit 1; exit 0' sh "$d5"
has "... a disagreement shows as ≠" "$(line_of "$d5" "Thôn 7")" "≠"
has "... how many villages meet each criterion" "$(row 10 "$d5")" "Villages meeting it"
has "... a legend at the bottom" "$(row 12 "$d5")" "x met   . not met   - not assessed   ≠ "
r=$(row 1 "$(dump d6)")
has "} scrolls the criteria: ‹" "$r" "‹"
lacks "... KT01 out of sight" "$r" "KT01"
has "... the village names kept" "$(names 2 2 "$(dump d6)")" "Thôn 1"
has "Enter on a village in the matrix: its checklist" "$(row 0 "$(dump d7)")" "Lạc Xuân › Thôn 1"
has "Backspace: the matrix again" "$(row 0 "$(dump d8)")" "(criteria matrix, 2021)"
has "Backspace (clearing the filter first) ... back in the district's table" "$(row 0 "$(dump d9)")" \
	"Đơn Dương  (status table, 2021)"
has "Backspace again: the tree" "$(row 1 "$(dump d10)")" "▾ Lâm Đồng"

# ---- targets: t on a commune (choose it, or the whole district), the progress column
script_run target \
	"s" "/" ":type lac xuan" "Enter" \
	"t" ":dump $tmp/g1" "Enter" ":dump $tmp/g2" \
	":type 3" "Tab" ":type 1" "Tab" ":type 5 tỷ" "Enter" ":dump $tmp/g3" \
	"} } } } } }" ":dump $tmp/g4" \
	"t Down Enter" ":type 25" "Tab Tab" ":type abc" "Enter" ":dump $tmp/g5" \
	"C-u" ":type 80 tỷ" "Enter" ":dump $tmp/g6" \
	"Enter t" ":dump $tmp/g7" "Esc" \
	"] } } } } } }" ":dump $tmp/g8" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
g1=$(dump g1)
has "t: targets of which unit? the selected commune" "$g1" "Lạc Xuân"
has "... or the whole district" "$g1" "Đơn Dương (the whole area"
g2=$(dump g2)
has "the form: its title" "$(row 1 "$g2")" "Targets of Lâm Đồng › Đơn Dương › Lạc Xuân for 2021"
has "... recognised at district level" "$g2" "Recognised by district"
has "... at province level" "$g2" "Recognised by province"
has "... resources to mobilise" "$g2" "Resources (đồng)"
has "saved: a message says so" "$(row 22 "$(dump g3)")" "Saved: the targets of"
g4=$(dump g4)
has "the progress column: 2 of 3 by the district, 0 of 1 by the province, resources 136%" \
	"$(line_of "$g4" "Lạc Xuân")" "D 2/3 P 0/1 R 136%"
run km targets "Lạc Xuân" --year 2021
if [ "$rc" -eq 0 ]; then
	has "stored: km targets shows 3 by the district" "$out" "3 / 2"
	has "... 5 tỷ to mobilise" "$out" "5.000.000.000 đ"
else
	skip_n 2 "km targets failed: $err"
fi
has "abc refused beside the resources field, the form stays" "$(line_of "$(dump g5)" "Resources (đồng)")" "abc"
has "the district's own targets: on the totals row" "$(line_of "$(dump g6)" "Total")" "D 20/25 R 96%"
has "in a commune's table t edits the commune's targets, what was set shown" \
	"$(line_of "$(dump g7)" "Recognised by district")" "3"
has "]: the next year, reloaded" "$(row 0 "$(dump g8)")" "(status table, 2022"
has "... no target in 2022" "$(line_of "$(dump g8)" "Total")" " -"

# ---- tmux: the table of the demo district at 80x24
if ! have_tmux; then
	skip_n 11 "tmux not installed"
	exit 0
fi
tm_start 80x24 "$KM" --db "$DB" --lang en --year 2021
wait_drawn >/dev/null
keys s
ok "80x24: s shows the table" wait_for "(status table, 2021)"
wait_drawn >/dev/null
has "the header row: the path and year" "$(row 0 "$scr")" "Lâm Đồng › Đơn Dương  (status table, 2021)"
has "... marked as demo data" "$(row 0 "$scr")" " DEMO "
has "... the year on the right" "$(row 0 "$scr")" "Year 2021"
r=$(row 1 "$scr")
has "column titles" "$r" "Commune     Villages Reg. Self Eligible Recog. D/P Criteria met"
has "... › at the right edge" "$r" "›"
check "ten communes" "$communes" "$(names 2 11 "$scr")"
has "the totals row" "$(row 12 "$scr")" " Total "
has "... 20/12" "$(row 12 "$scr")" "20/12"
w=$(widest "$scr")
check "no line wider than 80 columns" yes "$([ "$w" -le 80 ] && echo yes || echo "no: $w")"
keys '}'
ok "} in the terminal: ‹ and the names kept" wait_until "‹ on the titles" t_row 1 "Commune   ‹"
keys q
wait_for_exit
check "q quits with status 0" 0 "$dead_status"
