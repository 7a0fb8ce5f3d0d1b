# An area's facts for a year (households, area type, roads): set and shown with the CLI, a refused
# value writes nothing, and the TUI's facts view edits them (headless, through --script).
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 35

V="Lạc Xuân/Thôn 1"
csv() { km facts "$V" --year "${1:-2025}" --format csv; }
# field KEY [YEAR]: the value column of KEY's csv line ("" if not recorded).
field() { csv "$2" | csv_get "$1" value; }

run km areas add --parent "Lạc Xuân" "Thôn 1"
check "a village added" "0 24934-01	Thôn 1" "$rc $out"

# ---- the CLI
run km facts "$V" --year 2025 --format csv
check "no facts at first: only the csv header" "0 key,value,unit,updated_by,updated_at" "$rc $out"

run km facts "$V" --year 2025 --households 1.200 --area-type kv1
check "setting households and the area type: exit 0, nothing on stderr" "0:" "$rc:$err"
has "the text listing shows 1.200 hộ" "$(line_of "$out" "1.200 hộ")" "1.200 hộ"
has "the text listing names the village" "$out" "Lạc Xuân › Thôn 1"

run csv
check "csv: exit 0" 0 "$rc"
has "csv: households 1200 (Vietnamese 1.200 read as twelve hundred)" "$out" "households,1200,hộ,"
has "csv: the area type upper-cased" "$out" "area_type,KV1,,"
user=$(id -un)
has "csv: who recorded it" "$(line_of "$out" households)" ",$user,"
before=$out

run km --lang en facts "$V" --year 2025 --households 12,5 --road-km 3
check "a half household: exit 1" 1 "$rc"
has "the refusal says why" "$err" "whole number"
check "a refused value writes nothing, not even the good one beside it" "$before" "$(csv)"

run km facts "$V" --year 2025 --area-type "K V"
check "a bad area type: exit 1" 1 "$rc"
has "the refusal explains area types" "$err" "KV1"
run km facts "$V" --year 2025 --set trees=3
check "an unknown fact: exit 1" 1 "$rc"
has "the refusal lists the known facts" "$err" "households"
run km facts "$V" --year 2025 --households -5
check "a negative count: exit 1" 1 "$rc"
check "after three refusals nothing changed" "$before" "$(csv)"

run km facts "$V" --year 2025 --set
check "--set without a value is a usage error: exit 2" 2 "$rc"
run km facts --year 2025
check "no area is a usage error: exit 2" 2 "$rc"

run km facts "$V" --year 2025 --set road_km=2,5 --unset area_type
check "--set and --unset: exit 0" "0:" "$rc:$err"
check "road_km 2,5 is 2.5; the area type removed" "2.5:" "$(field road_km):$(field area_type)"
check "another year is independent: nothing in 2024" "key,value,unit,updated_by,updated_at" "$(csv 2024)"

# ---- the TUI, headless: find the village, open its facts, edit households
KM_OPTS="--year 2025 --lang en"
script_run facts \
	"/" ":type thon 1" "Enter" ":dump $tmp/f1" \
	"f" ":dump $tmp/f2" \
	"Enter" ":dump $tmp/f3" \
	"C-u" ":type 250" "Enter" ":dump $tmp/f4" \
	"# population: half a person is refused, the prompt keeps the text" \
	"j =" ":type 12,5" "Enter" ":dump $tmp/f5" \
	"Esc" \
	"# road length removed" \
	"j j j x" ":dump $tmp/f6" \
	"# the next year has no facts" \
	"]" ":dump $tmp/f7" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "search finds the village" "$(row 0 "$(dump f1)")" "Lạc Xuân › Thôn 1"
has "f opens the facts view (header)" "$(row 0 "$(dump f2)")" "Thôn 1  (facts)"
has "the facts view shows households 1.200 hộ" "$(line_of "$(dump f2)" "Households")" "1.200 hộ"
has "Enter asks the value, prefilled in Vietnamese form" "$(row 22 "$(dump f3)")" "1.200"
has "after saving, households shows 250 hộ" "$(line_of "$(dump f4)" "Households")" "250 hộ"
has "a message says what was saved" "$(dump f4)" "Saved: Households = 250 hộ"
has "a refused value stays in the prompt" "$(row 22 "$(dump f5)")" "12,5"
has "the reason shows on the last line" "$(row 23 "$(dump f5)")" "whole number"
has "x removes the road length" "$(line_of "$(dump f6)" "Main road length")" "—"
lacks "the next year has no households" "$(line_of "$(dump f7)" "Households")" "250"
check "the CLI reads what the TUI saved: households 250, population untouched" "250:" \
	"$(field households):$(field population)"
