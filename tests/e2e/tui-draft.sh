# Text left in a form or a prompt when a signal ends the session is kept as a draft (SIGTERM in a
# form, Ctrl-C in a prompt); the terminal is restored; nothing half typed reaches the database; the
# next start offers the draft. (A dropped SSH connection, SIGHUP, is in ssh.sh.)
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 13

draft=$XDG_STATE_HOME/kieumau/draft
if ! have_tmux; then
	skip_n 13 "tmux not installed"
	exit 0
fi
tui_pid() { ps -o pid= --ppid "$(tm display -p -t "$tm_s" '#{pane_pid}')" | tr -d ' '; }

# ---- SIGTERM while the commendation form holds a typed decision number
tm_start 80x24 "$KM" --db "$DB" --lang en
wait_for "▾ Đơn Dương" >/dev/null
keys /
type_text "lac xuan"
keys Enter
wait_for_row 0 "Lạc Xuân" >/dev/null
keys A
wait_drawn >/dev/null
keys a
wait_for "Decision number" >/dev/null
keys Tab Tab Tab Tab Tab
type_text "12/QĐ-UBND"
ok "the form shows the typed decision number" wait_for "12/QĐ-UBND"
kill -TERM "$(tui_pid)"
wait_for_exit
check "SIGTERM: exit status 143" 143 "$dead_status"
check "the terminal is restored (alternate screen left)" 0 "$(tm display -p -t "$tm_s" '#{alternate_on}')"
d=$(cat "$draft" 2>/dev/null)
has "the draft keeps the form's typed text" "$d" "label=Decision number
text=12/QĐ-UBND"
has "and what it was for: the form's title" "$(line_of "$d" "title=")" "title="
has "and the other fields, as the form had them" "$d" "label=Recipient
text=Lạc Xuân"
check "nothing was saved: no commendation" "" "$(km award list --format csv 2>/dev/null | sed 1d)"

# ---- SIGINT (Ctrl-C; sent to the program alone, as tmux's shell would die of the key) while the
# prompt for a new village's name holds text: a later draft replaces the earlier one
tm_start 80x24 "$KM" --db "$DB" --lang en
ok "the next start offers the draft" wait_for "A draft was kept from an interrupted session (D shows it): Lạc Xuân"
keys /
type_text "lac xuan"
keys Enter
wait_for_row 0 "Lạc Xuân" >/dev/null
keys a
type_text "Thôn 9"
wait_for "Thôn 9" >/dev/null
kill -INT "$(tui_pid)"
wait_for_exit
check "SIGINT: exit status 130" 130 "$dead_status"
check "the terminal is restored" 0 "$(tm display -p -t "$tm_s" '#{alternate_on}')"
has "the draft keeps the typed name" "$(cat "$draft" 2>/dev/null)" "text=Thôn 9"
run km areas --format csv
lacks "nothing was saved: no Thôn 9" "$out" "Thôn 9"
check "the draft is the only file beside the program's own" "draft" \
	"$(ls -A "$XDG_STATE_HOME/kieumau" | grep -v -x reported-errors)"
