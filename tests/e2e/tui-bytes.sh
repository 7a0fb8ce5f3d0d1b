# Bytes on the wire: what the program writes to an 80x24 xterm-256color terminal (tmux pipe-pane,
# bench/bytes.sh) for its first screen, one move down the villages of a commune, opening a
# checklist and a full redraw, on the demo data. Deterministic for a given ncurses, so the
# budgets of the benchmarks (first screen < 2,500 B, a move < 160 B) hold here as limits; a
# change that redraws more than it must fails this test.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 6

run km demo
check "demo: done" 0 "$rc"
LANG=C.UTF-8 bash "$KM_SRCDIR/bench/bytes.sh" "$KM --db $DB" >"$tmp/bytes" 2>"$tmp/bytes.err"
diag "$(cat "$tmp/bytes")"
get() { awk -v k="$1" '$1 == k { print $2 }' "$tmp/bytes"; }
below() { [ -n "$2" ] && [ "$2" -gt 0 ] && [ "$2" -lt "$3" ] && pass "$1: $2 B < $3 B" || fail "$1: $2 B, limit $3 B"; }
below "first screen" "$(get first)" 2500
below "one move down" "$(get move)" 160
below "open a checklist (one screen of text)" "$(get open)" 4000
below "full redraw" "$(get redraw)" 4000
below "quit" "$(get quit)" 200
