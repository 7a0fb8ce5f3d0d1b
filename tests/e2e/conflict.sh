# Optimistic concurrency: a commendation opened for editing in the TUI is changed meanwhile by
# another session (the command line); saving the TUI's edit is refused with both versions shown,
# and the other session's change is kept.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 5

export KIEUMAU_TODAY=2025-12-31
km areas add --parent "lac xuan" "Thôn 1" >/dev/null
id=$(km award add --recipient-kind area --recipient "Thôn 1" --area "Lạc Xuân/Thôn 1" \
	--form "Giấy khen" --level district --decision 10/QĐ --date 15/12/2025 --amount "1 triệu" | tail -1 |
	grep -o '[0-9][0-9]*' | tail -1)
if ! have_tmux; then
	skip_n 5 "tmux not installed"
	exit 0
fi
tm_start 80x24 "$KM" --db "$DB" --lang en --year 2025
wait_for "▾ Đơn Dương" >/dev/null
keys /
type_text "thôn 1"
keys Enter
wait_for "› Thôn 1" >/dev/null
keys A
ok "the commendations of the village" wait_for "15/12/2025 GK"
keys Enter
ok "Enter opens the commendation in the form" wait_for "Decision number"

# Meanwhile another session changes the amount.
run km award edit "$id" --amount "2 triệu"
check "the other session's edit is saved" 0 "$rc"

keys Enter    # save the form as it was read
ok "saving over the newer version is refused, showing both" wait_for "changed this commendation"
check "the other session's amount is kept" "2000000" \
	"$(km award list --format csv | csv_get "$id" amount)"
