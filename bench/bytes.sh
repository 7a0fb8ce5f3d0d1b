#!/bin/bash
# bytes.sh 'COMMAND LINE': the bytes a terminal program writes to an 80x24 xterm-256color pane
# (tmux pipe-pane, attached before the program starts): its first screen, one move down the
# villages of a commune (the median of five; the first village found with the search "/thon 1"),
# opening that village's checklist (Enter), and a full redraw (C-l). Prints "first N", "move N", "open N", "redraw N", "quit N".
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/km-bytes.XXXXXX")
sock=$dir/sock raw=$dir/raw
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
: >"$raw"
size() { stat -c %s "$raw"; }
# Waits until nothing more arrives for 300 ms (at most 10 s).
settle() {
	local last=-1 now quiet=0 i
	for i in $(seq 200); do
		now=$(size)
		if [ "$now" = "$last" ]; then
			quiet=$((quiet + 1))
			[ "$quiet" -ge 6 ] && return 0
		else
			quiet=0 last=$now
		fi
		sleep 0.05
	done
}
# step NAME KEY...: sends the keys, waits, prints the bytes written meanwhile.
step() {
	local name=$1 before
	shift
	before=$(size)
	tmux -S "$sock" send-keys "$@"
	settle
	echo "$name $(($(size) - before))"
}
# The shell waits (echo off) until pipe-pane is in place, then becomes the program.
tmux -S "$sock" -f /dev/null new-session -d -x 80 -y 24 -e TERM=xterm-256color \
	"stty -echo; read -r _; stty echo; export TERM=xterm-256color; exec $1"
tmux -S "$sock" set-option -g status off >/dev/null
tmux -S "$sock" pipe-pane -O "cat >>'$raw'"
tmux -S "$sock" send-keys Enter
settle
echo "first $(size)"
tmux -S "$sock" send-keys /
settle
tmux -S "$sock" send-keys -l "thon 1"
tmux -S "$sock" send-keys Enter
settle
moves=()
for i in 1 2 3 4 5; do
	moves+=("$(step move Down | cut -d' ' -f2)")
done
echo "move $(printf '%s\n' "${moves[@]}" | sort -n | sed -n 3p)"
step open Enter
step redraw C-l
step quit q
