# The area tree follows other sessions: a village added and a commune renamed from the command
# line show in the open TUI within a few seconds, with the expanded nodes kept.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 3

if ! have_tmux; then
	skip_n 3 "tmux not installed"
	exit 0
fi
km areas add --parent "lac xuan" "Thôn 1" >/dev/null
tm_start 80x24 "$KM" --db "$DB" --lang en
wait_for "▾ Đơn Dương" >/dev/null
keys /
type_text "thôn 1"
keys Enter
ok "the village is shown, its commune expanded" wait_for "Thôn 1"
km areas add --parent "lac xuan" "Thôn 2" >/dev/null
ok "a village added by another session appears" wait_for "Thôn 2"
km areas rename "Ka Đô" "Ka Đô Mới" >/dev/null
ok "a rename by another session appears" wait_for "Ka Đô Mới"
