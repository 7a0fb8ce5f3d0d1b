# Two sessions on one database: the TUI shows a village's checklist while the command line (another
# process, as another cadre's session would be) ticks and clears a criterion; within about two
# seconds the TUI's screen shows the new state without a key being pressed, its cursor where it was.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 7

km areas add --parent "lac xuan" "Thôn 1" >/dev/null
if ! have_tmux; then
	skip_n 7 "tmux not installed"
	exit 0
fi

# wait_quick WHAT SECONDS TEST...: like wait_until, but gives up after SECONDS.
wait_quick() {
	t_what=$1
	t_i=$(($2 * 20))
	shift 2
	while [ "$t_i" -gt 0 ]; do
		scr=$(screen)
		"$@" && return 0
		sleep 0.05
		t_i=$((t_i - 1))
	done
	diag "gave up waiting for $t_what; the screen:"
	printf '%s\n' "$scr" | sed 's/^/#   |/'
	return 1
}

tm_start 80x24 "$KM" --db "$DB" --lang en
wait_for "▾ Đơn Dương" >/dev/null
keys /
type_text "thôn 1"
keys Enter
wait_for "› Thôn 1" >/dev/null
keys Enter
ok "the village's checklist: VH01 not assessed" wait_for_box VH01 "[-]"
keys j j   # the cursor on KT03
sleep 0.3

km tick "Lạc Xuân/Thôn 1" VH01 >/dev/null
ok "another process ticks VH01: the TUI shows [x] within 3 s, no key pressed" \
	wait_quick "VH01 to be [x]" 3 t_box VH01 "[x]"
has "the header's count follows" "$(row 0 "$scr")" "1/"
km tick "Lạc Xuân/Thôn 1" VH01 --clear >/dev/null
ok "another process clears it: [-] again within 3 s" wait_quick "VH01 to be [-]" 3 t_box VH01 "[-]"

keys Space
ok "the cursor stayed where it was: Space asks KT03's value" wait_for "KT03 ("
keys Escape
km tick "Lạc Xuân/Thôn 1" KT03 --value 190/200 >/dev/null
ok "a value written by another process shows too" wait_quick "KT03's value" 3 t_line " KT03 " "190/200"
keys q
wait_for_exit
check "q quits with status 0" 0 "$dead_status"
