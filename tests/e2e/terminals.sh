# The real program in real terminals (tmux), on the demo data: started at sizes from 1x1 to
# 500x200 it shows the tree or says the terminal is too small, and the tree once it is 80x24;
# resized again and again while it draws (a storm of sizes from 1x1 to 500x200, keys in
# between), each view comes back exactly as it was; under each TERM (vt100, linux, xterm,
# xterm-256color, screen-256color, tmux-256color) it works and writes only what that terminal
# understands (colours only where it has them, never 256-colour codes, escape sequences among
# its own); a terminal that cannot show a full screen (dumb, unknown, TERM unset) or output that
# is not a terminal is refused with a clear message, nothing written to the terminal; commands
# work without a terminal.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 106

run km demo
check "demo data" 0 "$rc"

# ---- commands need no terminal
for t in unset TERM=dumb TERM=unknown-term-xyz; do
	case $t in unset) e="-u TERM" ;; *) e=$t ;; esac
	run env $e "$KM" --db "$DB" --lang en areas
	check "areas, TERM $t: exit 0, nothing on stderr" "0:" "$rc:$err"
	has "... the tree" "$out" "Đơn Dương"
done
run env -u TERM "$KM" --db "$DB" --lang en status-table "don duong" --year 2024
check "status-table without TERM: exit 0, the table" "0:yes" "$rc:$(case $out in *"Lạc Xuân"*) echo yes ;; esac)"

if ! have_tmux; then
	skip_n 56 "tmux not installed"
	exit 0
fi
TUI="--db $DB --lang en --year 2024"
# framed ROWS: the screen (in $scr) shows the header with the year on row 0 and the key hints
# with q Quit on the last row.
framed() { t_row 0 "Year 2024" && t_row $(($1 - 1)) "q Quit"; }
joined_has() { case $(printf '%s' "$scr" | tr -d '\n') in *"$1"*) return 0 ;; esac; return 1; }

# ---- started at each size
for s in 1x1 2x2 10x3 20x5 29x6 30x6 40x10 79x23 132x43 500x200; do
	tm_start "$s" "$KM" $TUI
	c=${s%x*} r=${s#*x}
	if [ "$c" -lt 30 ] || [ "$r" -lt 6 ]; then
		if [ "$c" -ge 10 ]; then
			ok "started at $s: says it is too small, naming the size" \
				wait_until "the message" joined_has "($s)"
		else
			ok "started at $s: the message's first letter" wait_until "T" t_row 0 T
		fi
	else
		ok "started at $s: the header and the hints" wait_until "a framed screen" framed "$r"
	fi
	tm resize-window -t "$tm_s" -x 80 -y 24
	ok "... grown to 80x24: the tree, the hints" wait_until "the tree" framed 24
done
keys q
wait_for_exit
check "q quits with status 0" 0 "$dead_status"

# ---- a storm of sizes in each view, keys in between; then the view exactly as it was
# The keys change nothing whatever the size they meet: F12 does nothing (and says so on the
# message line, or clears what it said), C-l repaints.
STORM="1x1 20x5 30x6 132x43 2x2 500x200 40x10 10x3 200x60 31x7 1x200 500x1 79x23 80x24"
storm() {
	for s in $STORM $STORM; do
		tm resize-window -t "$tm_s" -x "${s%x*}" -y "${s#*x}" \; send-keys -t "$tm_s" F12 C-l
	done
	tm resize-window -t "$tm_s" -x 80 -y 24
}
# same_as TEXT: the screen (in $scr) is TEXT, but for the message line (row 22).
same_as() { [ "$(printf '%s\n' "$scr" | sed 23d)" = "$(printf '%s\n' "$1" | sed 23d)" ]; }
# settled TEXT: the screen shows TEXT and the hints, and stays the same for a moment.
settled() {
	t_has "$1" && t_filled 23 || return 1
	s_prev=$scr
	sleep 0.1
	scr=$(screen)
	[ "$scr" = "$s_prev" ]
}
tm_start 80x24 "$KM" $TUI
# From the tree (on Đơn Dương): a village's checklist, then back in the tree on Thôn 1, up to its
# commune Đạ Ròn, which the status table, matrix, ledger and report are of. (Left goes back: Escape
# with a key right after it would be Alt and that key.)
for v in "tree:Lâm Đồng › Đơn Dương:" "checklist:(self-assessment:j j Enter j Enter" \
	"status table:(status table:Left k s" "matrix:(criteria matrix:Left M" \
	"ledger:(resources:Left m" "report:(report:Left P" "help:Help:Left ?" \
	"ledger form:New resource entry:Left m a"; do
	name=${v%%:*}
	v=${v#*:}
	marker=${v%%:*}
	# shellcheck disable=SC2086
	[ -z "${v#*:}" ] || keys ${v#*:}
	ok "$name: drawn" wait_until "$name drawn" settled "$marker"
	before=$scr
	storm
	ok "$name: alive after the storm" running
	ok "$name: back at 80x24, the view exactly as before" wait_until "the view as before" same_as "$before"
done
keys Escape
wait_for_row 1 " Date " >/dev/null
keys Left q
wait_for_exit
check "q quits after the storms with status 0" 0 "$dead_status"

# ---- each TERM: works, and writes only what that terminal understands
ESC=$(printf '\033')
# finals TERM: the final characters of the terminal's CSI sequences (ESC [ params final), from
# its terminfo entry with padding and parameter code taken out.
finals() {
	infocmp -1 -x "$1" | sed -e 's/\$<[^>]*>//g' -e 's/%{[0-9]*}//g' -e "s/%'.'//g" \
		-e 's/%[pPg][0-9a-zA-Z]//g' -e 's/%.//g' |
		grep -o '\\E\[[0-?]*[ -/]*[@-~]' | sed 's/.*\(.\)$/\1/' | sort -u | tr -d '\n'
}
# used FILE: the final characters of the CSI sequences written.
used() { LC_ALL=C grep -ao "$ESC\[[0-?]*[ -/]*[@-~]" "$1" | sed 's/.*\(.\)$/\1/' | sort -u | tr -d '\n'; }
# sgr_colour FILE: the SGR sequences that set a colour (30-39, 40-49 and their 256-colour forms).
sgr_colour() { LC_ALL=C grep -ao "$ESC\[[0-9;]*m" "$1" | grep -E '\[([0-9;]*;)?(3|4)[0-9](;[0-9;]*)?m' | head -3; }
# gated NAME CMD...: starts CMD in tmux at 80x24 once the pane's output goes to $tmp/NAME.bytes
# (nothing it writes is missed); CMD's stderr goes to $tmp/NAME.err.
gated() {
	g_name=$1
	shift
	tm_start 80x24 sh -c 'while [ ! -e "$1" ]; do sleep 0.02; done; shift; e=$1; shift; exec "$@" 2>"$e"' \
		sh "$tmp/$g_name.gate" "$tmp/$g_name.err" "$@"
	tm pipe-pane -t "$tm_s" -o "cat >'$tmp/$g_name.bytes'"
	: >"$tmp/$g_name.gate"
}
for T in vt100 linux xterm xterm-256color screen-256color tmux-256color; do
	gated "$T" env TERM="$T" "$KM" $TUI
	ok "TERM=$T: the tree" wait_until "the tree" framed 24
	keys j
	ok "TERM=$T: j moves to D'Ran" wait_for_row 0 "Lâm Đồng › Đơn Dương › D'Ran"
	tm resize-window -t "$tm_s" -x 20 -y 5
	tm resize-window -t "$tm_s" -x 80 -y 24
	keys q
	wait_for_exit
	check "TERM=$T: q quits with status 0, nothing on stderr" "0:" "$dead_status:$(cat "$tmp/$T.err")"
	b=$tmp/$T.bytes
	if [ "$(tput -T "$T" colors 2>/dev/null || echo -1)" -ge 8 ]; then
		ok "TERM=$T has colours: the header in colour" test -n "$(sgr_colour "$b")"
	else
		check "TERM=$T has no colours: none written" "" "$(sgr_colour "$b")"
	fi
	check "TERM=$T: no 256-colour codes" "" "$(LC_ALL=C grep -ao "$ESC\[[0-9;]*[34]8;5;[0-9;]*m" "$b" | head -3)"
	if command -v infocmp >/dev/null 2>&1; then
		check "TERM=$T: only escape sequences of its terminfo entry" "" \
			"$(used "$b" | tr -d "$(finals "$T")")"
	else
		skip "TERM=$T: only escape sequences of its terminfo entry" "infocmp not installed"
	fi
done
gated no-colour env TERM=xterm-256color NO_COLOR=1 "$KM" $TUI
wait_until "the tree" framed 24 >/dev/null
keys q
wait_for_exit
check "NO_COLOR=1: no colour written" "" "$(sgr_colour "$tmp/no-colour.bytes")"

# ---- refused: terminals that cannot show a full screen, output that is not a terminal
for t in "dumb:cannot move the cursor" "unknown-term-xyz:unknown terminal type TERM=unknown-term-xyz" \
	"unset:TERM is not set" "empty:TERM is not set"; do
	n=${t%%:*}
	case $n in unset) e="-u TERM" ;; empty) e=TERM= ;; *) e=TERM=$n ;; esac
	gated "refused-$n" env $e "$KM" $TUI
	wait_for_exit
	check "TERM $n: refused, status 1" 1 "$dead_status"
	has "... says why: ${t#*:}" "$(cat "$tmp/refused-$n.err")" "${t#*:}"
	check "... nothing written to the terminal" 0 "$(wc -c <"$tmp/refused-$n.bytes" | tr -d ' ')"
done
tm_start 80x24 sh -c 'exec "$@" >"$0" 2>"$0.err"' "$tmp/tui.out" "$KM" $TUI
wait_for_exit
check "output not a terminal: refused, status 1" 1 "$dead_status"
has "... says so" "$(cat "$tmp/tui.out.err")" "needs a terminal"
check "... nothing written to the output" 0 "$(wc -c <"$tmp/tui.out" | tr -d ' ')"
