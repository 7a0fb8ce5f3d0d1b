# Both stages in the checklist: appraisal recorded after Tab, the disagreement mark, evidence
# written with e (and the * mark going away), the history view, the organisation in charge;
# headless through --script, checked against the screen and the CLI.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 17

V="Lạc Xuân/Thôn 1"
run km areas add --parent "Lạc Xuân" "Thôn 1"
check "a village added" 0 "$rc"
# csv_col CODE COLUMN: one column of the village's status csv for 2025.
csv_col() { km status "$V" --year 2025 --format csv | csv_get "$1" "$2"; }
line() { line_of "$(dump "$1")" " $2 "; }

# VH01 is the first yes/no criterion: the 4th criterion line (KT01 KT02 KT03 VH01).
KM_OPTS="--year 2025"
script_run stages \
	"/" ":type thon 1" "Enter" "Enter" \
	"j j j Space" ":dump $tmp/s1" \
	"Tab Space Space" ":dump $tmp/s2" \
	"e" ":type Kiểm tra thực tế: nhà văn hóa dột" "Enter" ":dump $tmp/s3" \
	"o" "C-u" ":type Hội Cựu chiến binh" "Enter" \
	"H" ":dump $tmp/s4" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"

has "self-assessment ticked: met, and marked as without evidence" "$(line s1 VH01)" "[x][-] *"
has "after Tab, appraisal ticked twice: not met, the disagreement marked" "$(line s2 VH01)" "[x][ ]≠*"
lacks "the evidence written: no * any more on the appraisal" "$(line s3 VH01)" "*"
has "still marked as disagreeing" "$(line s3 VH01)" "≠"

check "csv: self met" "met" "$(csv_col VH01 self_state)"
check "csv: appraisal not met" "not_met" "$(csv_col VH01 appraisal_state)"
check "csv: the appraisal's evidence" "Kiểm tra thực tế: nhà văn hóa dột" "$(csv_col VH01 appraisal_evidence)"
check "csv: no evidence for the self-assessment" "" "$(csv_col VH01 self_evidence)"
check "csv: the organisation set for this village" "Hội Cựu chiến binh" "$(csv_col VH01 org)"

s4=$(dump s4)
has "the history view names the criterion" "$s4" "VH01"
has "the history view shows the evidence" "$s4" "Kiểm tra thực tế: nhà văn hóa dột"
has "the history view shows who is in charge" "$s4" "Hội Cựu chiến binh"
n=$(printf '%s\n' "$s4" | grep -c "$(id -un)")
ok "the history lists the changes with who made them (4 lines: 1 self, 2 appraisal, 1 evidence)" \
	test "$n" -ge 4

run km --lang en history "$V" VH01 --format csv
check "history csv: a header and 4 changes" 5 "$(printf '%s\n' "$out" | wc -l)"
has "history csv: the evidence change recorded" "$out" "Kiểm tra thực tế: nhà văn hóa dột"
