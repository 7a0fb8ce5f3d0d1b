# Shared helpers for the end-to-end tests: sourced by each tests/e2e/*.sh (POSIX sh, as automake
# runs them with $(SHELL)). Gives an isolated environment in a temporary directory, TAP output,
# and a tmux session on a private socket to drive the real program in a real terminal.

: "${KM_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${KM_BUILDDIR:=$KM_SRCDIR}"
KM=$KM_BUILDDIR/src/kieumau
[ -x "$KM" ] || { echo "Bail out! $KM is not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/km-e2e.XXXXXX") || { echo "Bail out! mktemp failed"; exit 1; }
cleanup() { [ -n "$KEEP_TMP" ] && return 0;
	[ -S "$tmp/sock" ] && tmux -S "$tmp/sock" kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM

# Nothing of the user's: files, configuration, database, locale of messages, terminal multiplexer.
HOME=$tmp XDG_DATA_HOME=$tmp/d XDG_CONFIG_HOME=$tmp/c XDG_STATE_HOME=$tmp/s
TZ=UTC KIEUMAU_TODAY=2024-06-15
# No system configuration either (restricted.sh makes its own).
KIEUMAU_SYSCONFDIR=$tmp/sysconf
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_STATE_HOME TZ KIEUMAU_TODAY KIEUMAU_SYSCONFDIR
unset KIEUMAU_DB KIEUMAU_DATADIR KIEUMAU_KEYMAPDIR KIEUMAU_LOCALEDIR LANGUAGE NO_COLOR \
	COLUMNS LINES TMUX TMUX_PANE
DB=$tmp/x.db
YEAR=2024
# For `env $NOLANG CMD`: no locale at all in the environment.
NOLANG="-u LANG -u LC_ALL -u LC_CTYPE -u LC_MESSAGES"

km() { "$KM" --db "$DB" "$@"; }

# run CMD...: sets $rc, $out and $err (stdout and stderr, trailing newlines dropped).
run() {
	"$@" >"$tmp/run.out" 2>"$tmp/run.err"
	rc=$?
	out=$(cat "$tmp/run.out")
	err=$(cat "$tmp/run.err")
}

# ---- TAP ----
t_n=0
plan() { echo "1..$1"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
pass() { t_n=$((t_n + 1)); echo "ok $t_n - $1"; }
fail() {
	t_n=$((t_n + 1))
	echo "not ok $t_n - $1"
	shift
	[ $# -eq 0 ] || diag "$@"
}
skip() { t_n=$((t_n + 1)); echo "ok $t_n - $1 # SKIP $2"; }
# skip_n N REASON: skips the next N tests.
skip_n() {
	t_k=$1
	while [ "$t_k" -gt 0 ]; do skip "$2" "$2"; t_k=$((t_k - 1)); done
}
# ok DESC CMD...: passes if CMD succeeds.
ok() {
	t_d=$1
	shift
	if "$@"; then pass "$t_d"; else fail "$t_d" "failed: $*"; fi
}
# check DESC EXPECTED ACTUAL: the strings are equal; a diff otherwise.
check() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		printf '%s\n' "$2" >"$tmp/check.expected"
		printf '%s\n' "$3" >"$tmp/check.actual"
		diff -u "$tmp/check.expected" "$tmp/check.actual" | sed 's/^/# /'
	fi
}
# has DESC TEXT NEEDLE / lacks DESC TEXT NEEDLE: TEXT contains NEEDLE (or does not).
has() {
	case $2 in
	*"$3"*) pass "$1" ;;
	*) fail "$1" "expected to find: $3" "in:"; printf '%s\n' "$2" | sed 's/^/#   |/' ;;
	esac
}
lacks() {
	case $2 in
	*"$3"*) fail "$1" "expected NOT to find: $3" "in:"; printf '%s\n' "$2" | sed 's/^/#   |/' ;;
	*) pass "$1" ;;
	esac
}
# line_of TEXT PATTERN: the first line of TEXT containing PATTERN (fixed string).
line_of() { printf '%s\n' "$1" | grep -F -m1 -- "$2"; }
# row N TEXT: row N (0-based) of a screen.
row() { printf '%s\n' "$2" | sed -n "$(($1 + 1))p"; }
# box CODE TEXT: the first state box ([x] met, [ ] not met, [-] not assessed) on the checklist line
# of criterion CODE in the screen TEXT: the state of the stage shown.
box() { printf '%s\n' "$2" | grep -F -m1 -- " $1 " | sed -n 's/^[^[]*\(\[[- x]\]\).*/\1/p'; }

# csv_get KEY COLUMN...: from CSV on stdin (with a header line), the named columns of the row whose
# first field is KEY, joined by commas. Quoted fields are understood; columns may be added.
csv_get() {
	awk -v key="$1" -v cols="$(shift; echo "$*")" '
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
	NR == 1 { n = fields($0, h); for (i = 1; i <= n; i++) col[h[i]] = i; nc = split(cols, want, " "); next }
	{
		fields($0, f)
		if (f[1] != key) next
		out = ""
		for (k = 1; k <= nc; k++) out = out (k > 1 ? "," : "") (want[k] in col ? f[col[want[k]]] : "?" want[k])
		print out
	}'
}

# The area tree the program starts with, as `areas --format csv` prints it.
default_areas_csv() {
	cat <<'EOF'
code,name,kind,parent_code
68,Lâm Đồng,province,
677,Đơn Dương,district,68
24928,D'Ran,town,677
24937,Đạ Ròn,commune,677
24943,Ka Đô,commune,677
677-01,Ka Đơn,commune,677
24940,Lạc Lâm,commune,677
24934,Lạc Xuân,commune,677
677-02,Pró,commune,677
677-03,Quảng Lập,commune,677
24931,Thạnh Mỹ,town,677
677-04,Tu Tra,commune,677
EOF
}

# ---- headless scripted runs ----
# script_run NAME LINE...: writes the key script $tmp/NAME.keys (one LINE a line) and runs it
# headless, with more options from $KM_OPTS; sets $rc, $out, $err. Dump with ":dump $tmp/FILE".
script_run() {
	t_s=$tmp/$1.keys
	shift
	printf '%s\n' "$@" >"$t_s"
	run env $KM_ENV "$KM" --db "$DB" $KM_OPTS --script "$t_s" </dev/null
}
dump() { cat "$tmp/$1" 2>/dev/null; }

# ---- tmux ----
have_tmux() { command -v tmux >/dev/null 2>&1; }
tm() { tmux -S "$tmp/sock" -f "$tmp/tmux.conf" "$@"; }
# tm_start COLSxROWS CMD...: runs CMD in a new session, $tm_s, with TERM=xterm-256color and the
# caller's environment; then ends the previous session (ending it first could end the server
# under the new session's feet). A shell around CMD writes CMD's exit status to $tmp/exit.$tm_s
# (tmux itself can be slow to notice that a pane's process ended).
tm_n=0
tm_s=
tm_start() {
	printf '%s\n' 'set -g default-terminal xterm-256color' 'set -g status off' \
		'set -g remain-on-exit on' >"$tmp/tmux.conf"
	t_old=$tm_s
	tm_n=$((tm_n + 1))
	tm_s=km$tm_n
	t_size=$1
	shift
	tm new-session -d -s "$tm_s" -x "${t_size%x*}" -y "${t_size#*x}" \
		sh -c 'f=$1; shift; env TERM=xterm-256color "$@"; echo $? >"$f.new" && mv "$f.new" "$f"' \
		sh "$tmp/exit.$tm_s" "$@"
	[ -z "$t_old" ] || tm kill-session -t "$t_old" 2>/dev/null
}
screen() { tm capture-pane -p -t "$tm_s" 2>/dev/null; }
keys() { tm send-keys -t "$tm_s" "$@"; }
type_text() { tm send-keys -t "$tm_s" -l -- "$1"; }
# wait_until WHAT TEST...: polls the screen into $scr every 50 ms, for up to 10 s, until TEST
# succeeds; gives up early if the program has ended.
wait_until() {
	t_what=$1
	shift
	t_i=200
	while [ "$t_i" -gt 0 ]; do
		scr=$(screen)
		"$@" && return 0
		running || break
		sleep 0.05
		t_i=$((t_i - 1))
	done
	diag "gave up waiting for $t_what (timeout, or the program ended); the screen:"
	printf '%s\n' "$scr" | sed 's/^/#   |/'
	return 1
}
t_has() { case $scr in *"$1"*) return 0 ;; esac; return 1; }
t_line() { scr_line=$(printf '%s\n' "$scr" | grep -F -- "$1" | grep -F -m1 -- "$2"); [ -n "$scr_line" ]; }
t_row() { case $(row "$1" "$scr") in *"$2"*) return 0 ;; esac; return 1; }
t_filled() { [ -n "$(row "$1" "$scr")" ]; }
t_box() { [ "$(box "$1" "$scr")" = "$2" ] && scr_line=$(line_of "$scr" " $1 "); }
# wait_for TEXT: the screen shows TEXT. wait_for_line A B: a line (then in $scr_line) shows both
# A and B. wait_for_row N TEXT: row N (0-based) shows TEXT. wait_drawn: the bottom row of 24 (the
# key hints, drawn last) shows something: the whole screen is drawn. wait_for_box CODE BOX: the
# checklist line of CODE (then in $scr_line) shows the state BOX.
wait_for() { wait_until "\"$1\"" t_has "$1"; }
wait_for_line() { wait_until "a line with \"$1\" and \"$2\"" t_line "$1" "$2"; }
wait_for_row() { wait_until "row $1 to show \"$2\"" t_row "$1" "$2"; }
wait_drawn() { wait_until "row 23 to be drawn" t_filled 23; }
wait_for_box() { wait_until "$1 to be $2" t_box "$1" "$2"; }
# wait_for_exit: the program ended; $dead_status is its exit status (128+N if killed by signal N).
wait_for_exit() {
	t_i=200
	while [ "$t_i" -gt 0 ]; do
		[ -f "$tmp/exit.$tm_s" ] && { dead_status=$(cat "$tmp/exit.$tm_s"); return 0; }
		sleep 0.05
		t_i=$((t_i - 1))
	done
	dead_status=running
	diag "the program is still running; the screen:"
	screen | sed 's/^/#   |/'
	return 1
}
running() { [ ! -f "$tmp/exit.$tm_s" ]; }
# tui_start COLSxROWS CMD...: like tm_start, inside a shell that records the terminal's settings
# (stty -g) before and after CMD and CMD's exit status, then keeps the pane alive until
# tui_ended: a dead pane no longer tells whether the cursor is shown.
tui_start() {
	rm -f "$tmp/tui.status" "$tmp/tui.release"
	t_size=$1
	shift
	# shellcheck disable=SC2016
	tm_start "$t_size" sh -c 'd=$1; shift; stty -g >"$d/stty.before"; "$@"; r=$?
		stty -g >"$d/stty.after"; echo $r >"$d/tui.status.new"; mv "$d/tui.status.new" "$d/tui.status"
		while [ ! -e "$d/tui.release" ]; do sleep 0.05; done' sh "$tmp" "$@"
}
# tui_ended: waits (up to 10 s) for the program started by tui_start to end. Then $dead_status
# is its exit status, and $term_restored is "yes" if the terminal is as it was before: alternate
# screen left, cursor shown, the same tty settings (else what differs).
tui_ended() {
	t_i=200
	while [ ! -f "$tmp/tui.status" ] && [ "$t_i" -gt 0 ]; do sleep 0.05; t_i=$((t_i - 1)); done
	dead_status=$(cat "$tmp/tui.status" 2>/dev/null || echo running)
	t_modes=$(tm display -p -t "$tm_s" 'alternate screen #{alternate_on}, cursor shown #{cursor_flag}')
	term_restored=yes
	[ "$t_modes" = "alternate screen 0, cursor shown 1" ] || term_restored=$t_modes
	cmp -s "$tmp/stty.before" "$tmp/stty.after" ||
		term_restored="$term_restored; stty $(cat "$tmp/stty.before") became $(cat "$tmp/stty.after" 2>/dev/null)"
	touch "$tmp/tui.release"
	[ "$dead_status" != running ]
}
