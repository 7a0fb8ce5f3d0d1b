# The user's keymap.ini: a rebound key works, a mistake is reported once on the message line (as
# PATH:LINE) without stopping the program, and `kieumau keys` shows the bindings and the mistake.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 20

ini=$XDG_CONFIG_HOME/kieumau/keymap.ini
mkdir -p "${ini%/*}"
printf '%s\n' "[keys]" "move-down = J" "fly = x" >"$ini"   # line 3: no such action

# ---- kieumau keys
run km keys
check "keys: exit 1 (the file has a mistake)" 1 "$rc"
check "keys: move-down is bound to J only" "J" \
	"$(printf '%s\n' "$out" | awk '$1 == "move-down" { print $2 }')"
has "keys: move-up keeps its built-in keys" "$(line_of "$out" move-up)" "Up, k"
has "keys: the mistake on stderr as PATH:3:" "$err" "$ini:3:"
lacks "keys: the mistake is not on stdout" "$out" "$ini"

# ---- headless: the message on the first start only; J moves down, j no longer does
XDG_STATE_HOME=$tmp/s-script
script_run first ":dump $tmp/m0" "j" ":dump $tmp/m1" "J" ":dump $tmp/m2" "k" ":dump $tmp/m3" "q"
check "--script with a bad keymap: exit 0" 0 "$rc"
has "the message line names PATH:3:" "$(row 22 "$(dump m0)")" "$ini:3:"
check "j is no longer move-down: the cursor stays" "$(row 0 "$(dump m0)")" "$(row 0 "$(dump m1)")"
has "J moves down to D'Ran" "$(row 0 "$(dump m2)")" "Đơn Dương › D'Ran"
lacks "k still moves up" "$(row 0 "$(dump m3)")" "D'Ran"
script_run again ":dump $tmp/m4" "q"
lacks "the next start does not report it again" "$(dump m4)" "$ini"
printf '%s\n' "[keys]" "move-down = J" "" "page-down = Nope" >"$ini"
script_run changed ":dump $tmp/m5" "q"
has "a new mistake is reported (PATH:4:)" "$(row 22 "$(dump m5)")" "$ini:4:"
printf '%s\n' "[keys]" "move-down = J" >"$ini"
script_run fixed "q"
printf '%s\n' "[keys]" "move-down = J" "" "page-down = Nope" >"$ini"
script_run broken-again ":dump $tmp/m6" "q"
has "fixed, then the same mistake made again: reported again" "$(row 22 "$(dump m6)")" "$ini:4:"
printf '%s\n' "[keys]" "move-down = J" "fly = x" >"$ini"

# ---- in tmux
if ! have_tmux; then
	skip_n 6 "tmux not installed"
else
	XDG_STATE_HOME=$tmp/s-tmux
	tm_start 80x24 "$KM" --db "$DB"
	ok "tmux: the program starts despite the mistake" wait_for "▾ Đơn Dương"
	ok "tmux: the message line names PATH:3:" wait_for_row 22 "$ini:3:"
	keys J
	ok "tmux: J moves down" wait_for_row 0 "Đơn Dương › D'Ran"
	keys q
	wait_for_exit
	check "tmux: q quits with status 0" 0 "$dead_status"
	tm_start 80x24 "$KM" --db "$DB"
	wait_for "▾ Đơn Dương" >/dev/null && wait_drawn
	lacks "tmux: the next start does not report it again" "$scr" "$ini"
	keys q
	wait_for_exit
	check "tmux: q quits with status 0 again" 0 "$dead_status"
fi

printf '%s\n' "[keys]" "move-down = J" >"$ini"
run km keys
check "keys: a keymap without mistakes exits 0 and J stays" "0 J" \
	"$rc $(printf '%s\n' "$out" | awk '$1 == "move-down" { print $2 }')"
