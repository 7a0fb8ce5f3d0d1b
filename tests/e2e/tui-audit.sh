# The audit trail in the TUI (U): of one commendation, and of a village (its records' changes):
# who changed what and when, newest first, with the fields that changed.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 6

export KIEUMAU_TODAY=2025-12-31
me=$(id -un)
km areas add --parent "lac xuan" "Thôn 1" >/dev/null
id=$(km award add --recipient-kind area --recipient "Thôn 1" --area "Lạc Xuân/Thôn 1" \
	--form "Giấy khen" --level district --decision 10/QĐ --date 15/12/2025 --amount "1 triệu" |
	grep -o '[0-9][0-9]*' | tail -1)
km award edit "$id" --amount "2 triệu" >/dev/null
km tick "Lạc Xuân/Thôn 1" VH01 --year 2025 >/dev/null

KM_OPTS="--lang en --year 2025"
script_run au "/" ":type thôn 1" "Enter" "A" "U" ":dump $tmp/a1" "Backspace" "Backspace" \
	"U" ":dump $tmp/a2" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
a1=$(dump a1)
has "U on a commendation: its changes" "$(row 0 "$a1")" "Changes of one commendation"
has "the newest first: the amount changed, by whom" "$(row 1 "$a1")" "$me"
has "the change of amount, before and after" "$a1" "amount: 1000000.0 → 2000000.0"
a2=$(dump a2)
has "U on the village in the tree: the village's changes" "$(row 0 "$a2")" "Thôn 1  (changes)"
has "the tick is among them" "$a2" "assessment"
