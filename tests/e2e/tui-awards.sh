# The commendations view of the TUI (headless, through --script): the awards of a village for the
# year, a commendation added in the form (amounts typed as "1,5 triệu", a wrong date refused beside
# its field, Esc asking before throwing typed text away), edited, filtered and deleted; what the
# TUI saved is read back with the CLI (or with sqlite3 while the CLI is being written).
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 49

KIEUMAU_TODAY=2025-12-31
export KIEUMAU_TODAY
KM_OPTS="--year 2025 --lang en"

have_sqlite() { command -v sqlite3 >/dev/null 2>&1; }
# cli_ready: `award list --format csv` works (then its output is in $out).
cli_ready() {
	run km award list --format csv
	[ "$rc" -eq 0 ] || return 1
	case "$out$err" in *"in progress"*) return 1 ;; esac
	return 0
}
# How many commendations are stored ("?" if neither the CLI nor sqlite3 can tell).
count_awards() {
	if cli_ready; then
		printf '%s\n' "$out" | sed 1d | grep -c .
	elif have_sqlite; then
		sqlite3 "$DB" "SELECT count(*) FROM award"
	else
		echo "?"
	fi
}
# The stored commendations, newest first, as date|amount|kind|recipient|form|level|issuer|number|reason.
stored() {
	sqlite3 "$DB" "SELECT decision_date, coalesce(CAST(amount AS INTEGER), ''), recipient_kind, recipient,
		form, level, coalesce(issuer, ''), decision_no, coalesce(reason, '') FROM award
		ORDER BY decision_date DESC, id DESC"
}

run km areas add --parent "Lạc Xuân" "Thôn 1"
check "a village added" "0 24934-01	Thôn 1" "$rc $out"

# ---- a wrong date is refused beside its field; Esc asks before throwing the form away
open_awards='/
:type thon 1
Enter
A'
script_run refused \
	"$open_awards" ":dump $tmp/a1" \
	"a" ":dump $tmp/a2" \
	"Tab Tab" ":type Giấy khen" \
	"Tab Tab Tab" ":type 5/QĐ-UBND" \
	"Tab" ":type 31/02/2025" \
	"Enter" ":dump $tmp/a3" \
	"C-u" ":type 01/01/2026" "Enter" ":dump $tmp/a3b" \
	"Esc" ":dump $tmp/a4" \
	"y" ":dump $tmp/a5" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "A opens the commendations of the village (header)" "$(row 0 "$(dump a1)")" \
	"Lạc Xuân › Thôn 1  (commendations, 2025)"
has "no commendation yet: a row says so" "$(row 1 "$(dump a1)")" "No commendations in 2025."
has "the message says how to add one" "$(row 22 "$(dump a1)")" "a: add"
has "a opens the form for the village" "$(row 1 "$(dump a2)")" "New commendation of"
has "the recipient is preset to the village's name" "$(line_of "$(dump a2)" "Recipient *")" "Thôn 1"
has "the recipient kind is a residential area by default" "$(line_of "$(dump a2)" "Recipient kind")" \
	"‹ residential area ›"
has "the level is district by default" "$(line_of "$(dump a2)" "Level")" "‹ district level ›"
has "the decision date starts empty, with a hint" "$(line_of "$(dump a2)" "Decision date")" "dd/mm/yyyy"
has "31/02/2025: the form stays, with what was typed" "$(line_of "$(dump a3)" "Decision date")" "31/02/2025"
has "the reason shows beside the date" "$(line_of "$(dump a3)" "Decision date")" "No such day in that month"
has "a date after today is refused beside the field too" "$(line_of "$(dump a3b)" "Decision date")" \
	"After today"
has "the other fields keep their text" "$(line_of "$(dump a3)" "Decision number")" "5/QĐ-UBND"
has "Esc with typed text asks first" "$(row 22 "$(dump a4)")" "Throw away what you typed? (y/n)"
has "y throws it away: back to the empty list" "$(row 1 "$(dump a5)")" "No commendations in 2025."
check "nothing was saved" 0 "$(count_awards)"

# ---- a commendation added: level cycled with Right, the amount typed as 1,5 triệu
script_run added \
	"$open_awards" "a" \
	"Tab Tab" ":type Giấy khen" \
	"Tab Right" \
	"Tab" ":type UBND huyện Đơn Dương" \
	"Tab" ":type 123/QĐ-UBND" \
	"Tab" ":type 15/12/2025" \
	"Tab" ":type 1,5 triệu" \
	"Tab" ":type Khu dân cư kiểu mẫu 2025" \
	":dump $tmp/b0" \
	"Enter" ":dump $tmp/b1" \
	"[" ":dump $tmp/b2" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "Right cycles the level" "$(line_of "$(dump b0)" "Level")" "‹ province level ›"
b_row=$(line_of "$(dump b1)" "15/12/2025")
has "Enter saves: the row shows the decision date" "$b_row" "15/12/2025"
has "the row shows 1,5 triệu as 1.500.000 đ" "$b_row" "1.500.000 đ"
has "the row shows the recipient and its kind" "$b_row" "Thôn 1 (residential area)"
has "the row shows the level" "$b_row" "province"
has "the form, shortened" "$b_row" " GK "
has "the totals line counts it" "$(line_of "$(dump b1)" "Total:")" "Total: 1 commendation"
has "the totals line sums the amounts" "$(line_of "$(dump b1)" "Total:")" "1.500.000 đ"
has "a message says what was saved" "$(row 22 "$(dump b1)")" "Saved: commendation Giấy khen to Thôn 1"
has "the year before has none" "$(dump b2)" "No commendations in 2024."
if cli_ready; then
	check "award list --format csv: one commendation" 1 "$(printf '%s\n' "$out" | sed 1d | grep -c .)"
	id=$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1)
	check "award list --format csv: what the TUI saved" \
		"15/12/2025,123/QĐ-UBND,Giấy khen,province,area,Thôn 1,Thôn 1,1500000" \
		"$(printf '%s\n' "$out" | csv_get "$id" decision_date decision_no form level recipient_kind recipient area amount)"
else
	skip_n 2 "award list --format csv is in progress"
fi
if have_sqlite; then
	check "stored as typed" \
		"2025-12-15|1500000|area|Thôn 1|Giấy khen|province|UBND huyện Đơn Dương|123/QĐ-UBND|Khu dân cư kiểu mẫu 2025" \
		"$(stored)"
else
	skip "stored as typed" "no sqlite3"
fi

# ---- a second one, to a household; filtered; the first edited; the second deleted
script_run more \
	"$open_awards" "a" \
	"Space" \
	"Tab C-u" ":type Hộ ông Nguyễn Văn An" \
	"Tab PgDn" \
	"Tab Left" \
	"Tab Tab" ":type 7/QĐ-UBND" \
	"Tab" ":type 1/12/2025" \
	"Enter" ":dump $tmp/c1" \
	"# filter: recipient kind (3rd), household (3rd after any and area)" \
	"F 3 3" ":dump $tmp/c2" \
	"F 4" ":dump $tmp/c3" \
	"# edit the newest: the amount becomes 2 triệu" \
	"Home Enter" ":dump $tmp/c4" \
	"Tab Tab Tab Tab Tab Tab Tab C-u" ":type 2 triệu" "Enter" ":dump $tmp/c5" \
	"# delete the household's: n keeps it, y deletes" \
	"j x" ":dump $tmp/c6" "n" \
	"x y" ":dump $tmp/c7" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
c_row=$(line_of "$(dump c1)" "01/12/2025")
has "Space cycles the recipient kind: a household" "$c_row" "Hộ ông Nguyễn Văn An (household)"
has "PgDn offers the common forms (shortened in the list)" "$c_row" "GK CT UBND xã"
has "Left cycles the level back: commune" "$c_row" "commune"
has "newest first: 15/12 above 01/12" "$(row 2 "$(dump c1)")" "15/12/2025"
has "the totals line counts both" "$(line_of "$(dump c1)" "Total:")" "Total: 2 commendations"
has "the filter shows in the header" "$(row 0 "$(dump c2)")" "(commendations, 2025, household)"
lacks "the filter hides the area's commendation" "$(dump c2)" "15/12/2025"
has "the filter keeps the household's" "$(dump c2)" "01/12/2025"
lacks "clearing the filters: the header says no filter" "$(row 0 "$(dump c3)")" "household)"
has "Enter edits the selected one: its date" "$(line_of "$(dump c4)" "Decision date")" "15/12/2025"
has "... and its amount" "$(line_of "$(dump c4)" "Amount")" "1.500.000"
has "the edited amount shows" "$(line_of "$(dump c5)" "15/12/2025")" "2.000.000 đ"
has "x asks before deleting" "$(row 22 "$(dump c6)")" "Delete the commendation"
lacks "y deleted the household's" "$(dump c7)" "01/12/2025"
has "the other one stays" "$(dump c7)" "15/12/2025"
check "one commendation stored" 1 "$(count_awards)"
if have_sqlite; then
	check "the edit is stored: 2.000.000 đ" \
		"2025-12-15|2000000|area|Thôn 1|Giấy khen|province|UBND huyện Đơn Dương|123/QĐ-UBND|Khu dân cư kiểu mẫu 2025" \
		"$(stored)"
else
	skip "the edit is stored" "no sqlite3"
fi
