# The main TUI scenario, with no locale in the environment: find a commune by its name without
# tone marks, open a village's checklist, tick a yes/no criterion and enter a part/base value; the
# next start shows them and the CLI reads them. In a real terminal (tmux), then headless (--script).
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 31

state() {   # state CODE: "self_state,self_value,appraisal_state,appraisal_value" of the village
	km status "Lạc Xuân/Thôn 1" --format csv | csv_get "$1" self_state self_value appraisal_state appraisal_value
}
run km areas add --parent "lac xuan" "Thôn 1"
check "a village added with the CLI" "0 24934-01	Thôn 1" "$rc $out"

# ---- in tmux, 80x24, LANG and LC_ALL unset
if ! have_tmux; then
	skip_n 15 "tmux not installed"
else
	tm_start 80x24 env $NOLANG "$KM" --db "$DB"
	ok "the tree appears with Vietnamese names intact" wait_for "▾ Đơn Dương"
	keys /
	type_text "lac xuan"
	ok "the search prompt shows the typed text" wait_for "lac xuan"
	keys Enter
	ok "search without tone marks finds Lạc Xuân (header)" wait_for_row 0 "Đơn Dương › Lạc Xuân"
	keys Enter
	ok "Enter expands Lạc Xuân: the village shows" wait_for "Thôn 1"
	keys j Enter
	ok "Enter on the village opens its checklist: KT01 not assessed" wait_for_box KT01 "[-]"
	has "the checklist's header names the village" "$(row 0 "$scr")" "Lạc Xuân › Thôn 1"
	keys j j j Space
	ok "Space ticks VH01: [x]" wait_for_box VH01 "[x]"
	keys k k k Space
	type_text "182/200"
	ok "Space on KT01 (percent) asks a value: the typed text shows" wait_for "182/200"
	keys Enter
	ok "Enter saves: KT01 [x] with 182/200" wait_for_box KT01 "[x]"
	has "KT01's row shows 182/200" "$scr_line" "182/200"
	keys q
	wait_for_exit
	check "q quits with status 0" 0 "$dead_status"

	tm_start 80x24 env $NOLANG "$KM" --db "$DB"
	wait_for "▾ Đơn Dương" >/dev/null
	keys /
	type_text "thôn 1"
	keys Enter
	wait_for "› Thôn 1" >/dev/null
	keys Enter
	ok "after a restart: VH01 still ticked" wait_for_box VH01 "[x]"
	ok "after a restart: KT01 [x] with 182/200 (91%)" wait_for_line " KT01 " "182/200 (91%)"
	check "after a restart: KT01 is met" "[x]" "$(box KT01 "$scr")"
	keys q
	wait_for_exit
	check "q quits again with status 0" 0 "$dead_status"
fi
check "CLI: VH01 met" "met,,not_assessed," "$(state VH01)"
check "CLI: KT01 met with the value 91" "met,91,not_assessed," "$(state KT01)"

# ---- the same headless, through --script, on another database
DB=$tmp/s.db
km areas add --parent "Lạc Xuân" "Thôn 1" >/dev/null
KM_ENV=$NOLANG
script_run find \
	"# find Lạc Xuân, open Thôn 1" "/" ":type lac xuan" "Enter" ":dump $tmp/s1" \
	"Enter j Enter" ":dump $tmp/s2" \
	"j j j Space" ":dump $tmp/s3" "Space" ":dump $tmp/s3b" "Space" ":dump $tmp/s3c" \
	"[" ":dump $tmp/s3d" "]" \
	"k k k Space" ":type 182/200" "Enter" ":dump $tmp/s4" \
	"# a bad value for KT03: refused, the prompt keeps the text" \
	"j j =" ":type 250/200" "Enter" ":dump $tmp/s5" \
	"Esc" ":dump $tmp/s6" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "search without tone marks finds Lạc Xuân" "$(row 0 "$(dump s1)")" "Đơn Dương › Lạc Xuân"
has "the village's checklist opens" "$(row 0 "$(dump s2)")" "Lạc Xuân › Thôn 1"
check "KT01 not assessed at first; Space on VH01: met, not met, met again" "[-] [x] [ ] [x]" \
	"$(box KT01 "$(dump s2)") $(box VH01 "$(dump s3)") $(box VH01 "$(dump s3b)") $(box VH01 "$(dump s3c)")"
has "[ shows the previous year" "$(row 0 "$(dump s3d)")" "$((YEAR - 1))"
check "[ shows the previous year: VH01 not assessed then" "[-]" "$(box VH01 "$(dump s3d)")"
check "KT01 met after 182/200" "[x]" "$(box KT01 "$(dump s4)")"
has "KT01 shows 182/200 (91%)" "$(line_of "$(dump s4)" " KT01 ")" "182/200 (91%)"
has "a refused value stays in the prompt (second-to-last line)" "$(row 22 "$(dump s5)")" "250/200"
s5=$(row 23 "$(dump s5)")
check "a refused value: an error on the last line (not the key hints)" "different" \
	"$([ -n "$s5" ] && [ "$s5" != "$(row 23 "$(dump s4)")" ] && echo different)"
check "Esc cancels: KT03 still not assessed" "[-]" "$(box KT03 "$(dump s6)")"
check "CLI after the script: VH01 met, KT01 91, KT03 not assessed" \
	"met,,not_assessed, met,91,not_assessed, not_assessed,,not_assessed," \
	"$(state VH01) $(state KT01) $(state KT03)"
km status "Lạc Xuân/Thôn 1" >"$tmp/status.txt"
has "CLI text status shows 182/200" "$(line_of "$(cat "$tmp/status.txt")" KT01)" "182/200"
