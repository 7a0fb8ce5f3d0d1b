# A terminal too small for the screen: the program says so instead of drawing (or crashing), keys
# other than quit wait, and the tree comes back when the terminal grows again.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 19

joined() { printf '%s' "$1" | tr -d '\n'; }   # the screen's rows as one line: wrapped text whole
widest() { printf '%s\n' "$1" | LC_ALL=C tr -d '\200-\277' | awk '{ n = length($0); if (n > w) w = n } END { print w + 0 }'; }

# ---- headless, --script with :resize
script_run small ":resize 10x3" ":dump $tmp/r1" "j" ":resize 80x24" ":dump $tmp/r2" \
	":resize 1x1" ":dump $tmp/r3" ":resize 30x6" ":dump $tmp/r4" \
	"/" ":resize 12x4" ":type Lạc" ":resize 80x24" ":dump $tmp/r5" "Esc" "q"
check "--script with resizes: exit 0, nothing on stderr" "0:" "$rc:$err"
check "10x3: three rows" 3 "$(dump r1 | wc -l | tr -d ' ')"
has "10x3: a message naming the size instead of the tree" "$(joined "$(dump r1)")" "10x3"
lacks "10x3: not the tree" "$(dump r1)" "Lâm Đồng"
check "back to 80x24: 24 rows" 24 "$(dump r2 | wc -l | tr -d ' ')"
has "back to 80x24: the tree again" "$(row 1 "$(dump r2)")" "▾ Lâm Đồng"
check "j pressed while too small did nothing: the cursor stayed on Đơn Dương" \
	"Lâm Đồng › Đơn Dương" "$(row 0 "$(dump r2)" | sed 's/^ *//; s/  .*//')"
check "1x1: one row, at most one column" "1 1" "$(dump r3 | wc -l | tr -d ' ') $(widest "$(dump r3)")"
has "30x6 (the minimum): the tree" "$(dump r4)" "▾ Lâm Đồng"
w=$(widest "$(dump r4)")
check "30x6: no row wider than 30 columns" "yes" "$([ "$w" -le 30 ] && echo yes || echo "no: $w")"
has "a prompt survives being too small: the typed text is there after growing" \
	"$(row 22 "$(dump r5)")" "Lạc"

# ---- tmux: a 20x5 terminal, then 80x24
if ! have_tmux; then
	skip_n 8 "tmux not installed"
	exit 0
fi
t_joined() { case $(joined "$scr") in *"$1"*) return 0 ;; esac; return 1; }
tm_start 20x5 "$KM" --db "$DB"
ok "20x5: a message naming the size" wait_until "20x5 in the message" t_joined "20x5"
sleep 0.2
ok "20x5: still running" running
lacks "20x5: not the tree" "$(screen)" "Lâm Đồng"
tm resize-window -t "$tm_s" -x 80 -y 24
ok "resized to 80x24: the tree shows" wait_for "▾ Đơn Dương"
tm resize-window -t "$tm_s" -x 1 -y 1
sleep 0.2
tm resize-window -t "$tm_s" -x 29 -y 24
ok "29 columns: too small again" wait_until "29x24 in the message" t_joined "29x24"
tm resize-window -t "$tm_s" -x 80 -y 24
ok "after 1x1 and 29x24, at 80x24 the tree shows again" wait_for "▾ Đơn Dương"
keys q
wait_for_exit
check "q quits with status 0" 0 "$dead_status"
tm_start 20x5 "$KM" --db "$DB"
wait_until "20x5 in the message" t_joined "20x5" >/dev/null
keys q
wait_for_exit
check "q quits while too small, status 0" 0 "$dead_status"
