# The periodic report in the TUI (headless): P opens the report of the selected area for the
# year shown, p changes the period (a refused period stays in the prompt), } scrolls sideways.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 8

export KIEUMAU_TODAY=2026-01-15
run km demo
check "demo data" 0 "$rc"
KM_OPTS="--lang en --year 2025"
script_run rp "/" ":type don duong" "Enter" "P" ":dump $tmp/r1" \
	"p" ":type 2025-Q5" "Enter" ":dump $tmp/r2" "C-u" ":type 2025-Q4" "Enter" ":dump $tmp/r3" \
	"}" ":dump $tmp/r4" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "P opens the district's report for the year" "$(row 0 "$(dump r1)")" "Đơn Dương  (report, 2025)"
has "the report's key figures" "$(dump r1)" "1. Key figures"
# The same figure as the command line's report.
registered=$(km --lang en report --period 2025 --area "don duong" --format csv | tr -d '\r' |
	awk -F, '$1 == "Areas registered" { print $2; exit }')
has "the TUI shows the figures of the command line" "$(line_of "$(dump r1)" "Areas registered")" " $registered "
has "a refused period stays in the prompt with its reason" "$(row 22 "$(dump r2)")" "2025-Q5"
has "p: the period changes" "$(row 0 "$(dump r3)")" "(report, 2025-Q4)"
lacks "}: scrolled sideways, the first column's start is gone" "$(line_of "$(dump r4)" "This period")" "Indicator"
