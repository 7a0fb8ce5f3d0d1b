# Bad numbers and dates: overflow (99999999999999999999 đồng, 1e308, 1.234.567.890.123.456.789),
# negatives where they mean nothing, percentages over 100, impossible dates (31/02, 29/02/2023,
# 00/01, year 0, year 99999), empty and blank input, "1,2,3", "1..2", trailing garbage. The CLI
# refuses each with a message naming the field (or option) and the value, exits 1 and writes
# nothing; the TUI's forms and prompts show the reason and keep the typed text for correction.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 87

KIEUMAU_TODAY=2024-06-15
export KIEUMAU_TODAY
KM_OPTS="--lang en --year 2024"

run km --lang en areas add --parent "lac xuan" "Thôn 1"
A=${out%%"	"*}
entries() { km resources list --format csv | sed 1d | grep -c .; }
awards() { km award list --format csv | sed 1d | grep -c .; }
households() { km facts "$A" --year 2024 --format csv | csv_get households value; }

# refused DESC EXPECTED-IN-MESSAGE CMD...: CMD fails (exit 1, or 2 for a usage error) and its
# message holds the text.
refused() {
	t_d=$1
	t_m=$2
	shift 2
	run "$@"
	case "$rc:$err" in
	[12]:*"$t_m"*) pass "$t_d" ;;
	*) fail "$t_d" "expected a refusal with \"$t_m\"; got exit $rc:" "$err" ;;
	esac
}

# ---- numbers on the command line
for v in 99999999999999999999 1e308 1.234.567.890.123.456.789 1,2,3 1..2 12abc; do
	refused "facts --households $v: refused, naming the fact and the value" "Households \"$v\": " \
		km --lang en facts "$A" --year 2024 --households "$v"
	refused "resources --value $v: refused, naming the option and the value" "--value \"$v\": " \
		km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form labour \
		--value "$v"
done
check "... no fact written" "" "$(households)"
check "... no entry written" 0 "$(entries)"
refused "households -5: refused" "Households cannot be negative" \
	km --lang en facts "$A" --year 2024 --households -5
refused "households 12,5: refused (whole households)" "must be a whole number" \
	km --lang en facts "$A" --year 2024 --households 12,5
refused "a value of -5 đồng: refused" "--value \"-5\": The amount cannot be negative" \
	km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form cash --value -5
refused "a value of 1,5 đồng: refused" "--value \"1,5\": The amount must be a whole number of đồng" \
	km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form cash --value 1,5
refused "an empty value: refused" "--value \"\": Empty input" \
	km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form cash --value ""
refused "a blank value: refused" "--value \"   \": Empty input" \
	km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form cash --value "   "
refused "a quantity of -5: refused" "The quantity cannot be negative" \
	km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form labour \
	--value 1000 --quantity -5
refused "a quantity of 1e308: refused" "--quantity \"1e308\": Enter a number" \
	km --lang en resources add --area "$A" --date 01/03/2024 --source commune --form labour \
	--value 1000 --quantity 1e308
check "... no entry written" 0 "$(entries)"
refused "an award of 99999999999999999999 đồng: refused" \
	"--amount \"99999999999999999999 đồng\": The amount is too large" \
	km --lang en award add --recipient-kind area --recipient "Thôn 1" --area "$A" --form "Giấy khen" \
	--level commune --decision 1/QĐ --date 01/03/2024 --amount "99999999999999999999 đồng"
refused "an award of -1.000 đồng: refused" "--amount \"-1.000\": The amount cannot be negative" \
	km --lang en award add --recipient-kind area --recipient "Thôn 1" --area "$A" --form "Giấy khen" \
	--level commune --decision 1/QĐ --date 01/03/2024 --amount -1.000
check "... no award written" 0 "$(awards)"
refused "a target of -5 areas: refused" "--district \"-5\"" \
	km --lang en targets 24934 --year 2024 --district -5
refused "a resources target of 1e308: refused" "--resources \"1e308\"" \
	km --lang en targets 24934 --year 2024 --resources 1e308
refused "KT01 at 150%: refused" "KT01 \"150\": A percentage is between 0 and 100" \
	km --lang en tick "$A" KT01 --year 2024 --value 150
refused "KT01 at -5%: refused" "KT01 \"-5\": " km --lang en tick "$A" KT01 --year 2024 --value -5
refused "KT01 at 1..2: refused" "KT01 \"1..2\": Misplaced thousands separator '.'" \
	km --lang en tick "$A" KT01 --year 2024 --value 1..2
check "... KT01 still not assessed" "not_assessed" \
	"$(km status "$A" --year 2024 --format csv | csv_get KT01 self_state)"

# ---- dates and years on the command line
for d in 31/02/2025:"No such day in that month" 29/02/2023:"No such day in that month" \
	00/01/2024:"The day must be between 1 and 31" 01/13/2024:"The month must be between 1 and 12" \
	01/01/0:"The year must be between 1900 and 2999" 01/01/99999:"Enter a date as dd/mm/yyyy" \
	1/1/2024x:"Enter a date as dd/mm/yyyy"; do
	refused "register --date ${d%%:*}: refused, naming the date and why" \
		"invalid date \"${d%%:*}\": ${d#*:}" \
		km --lang en register "$A" --year 2024 --title model --date "${d%%:*}"
done
refused "an empty date: refused" "invalid date \"\": Enter a date as dd/mm/yyyy" \
	km --lang en register "$A" --year 2024 --title model --date ""
refused "a blank date: refused" "invalid date \"   \": Enter a date as dd/mm/yyyy" \
	km --lang en register "$A" --year 2024 --title model --date "   "
has "... nothing registered" "$(km --lang en titles "$A")" "No title recorded."
refused "a resource entry dated 29/02/2023: refused" "invalid date \"29/02/2023\"" \
	km --lang en resources add --area "$A" --date 29/02/2023 --source commune --form cash --value 1000
refused "--year 99999: refused" "99999" km --lang en status "$A" --year 99999
refused "--year 0: refused" "\"0\"" km --lang en status "$A" --year 0
refused "a period 2025-Q5: refused" "--period \"2025-Q5\"" km --lang en resources list --period 2025-Q5

# ---- the same in an imported file: every bad line named, nothing imported
printf '%s\n' "date,area_code,source,form,quantity,unit,value,work,contributor,note" \
	"31/02/2025,$A,commune,cash,,,1000,,," \
	"01/03/2024,$A,commune,cash,,,99999999999999999999,,," \
	"01/03/2024,$A,commune,labour,-5,,1000,,," \
	"01/03/2024,$A,commune,labour,1..2,,1000,,," \
	"01/03/2024,$A,commune,cash,,,1e308,,," \
	"01/03/2024,$A,commune,cash,,,1000,,," >"$tmp/bad.csv"
refused "an import with bad numbers and dates: refused" "Nothing imported: 5 bad rows" \
	km --lang en import resources "$tmp/bad.csv"
has "line 2: the date named" "$err" "bad.csv:2: "
has "... with its value" "$(line_of "$err" "bad.csv:2:")" "31/02/2025"
has "line 3: the value too large" "$(line_of "$err" "bad.csv:3:")" "too large"
has "line 4: a negative quantity" "$(line_of "$err" "bad.csv:4:")" "negative"
has "line 5: 1..2" "$(line_of "$err" "bad.csv:5:")" "1..2"
has "line 6: 1e308" "$(line_of "$err" "bad.csv:6:")" "1e308"
lacks "the good line 7 is not blamed" "$err" "bad.csv:7:"
check "... nothing imported" 0 "$(entries)"

# ---- the TUI: a refused save shows why and keeps the text
script_run forms \
	"/" ":type thon 1" "Enter" \
	"# the ledger's form: an impossible date and an amount too large" \
	"m" "a" "C-u" ":type 31/02/2025" "Tab Tab Space" "Tab" ":type -5" "Tab Tab" \
	":type 99999999999999999999" "Enter" ":dump $tmp/l1" \
	"C-u" ":type 29/02/2024" "Tab Tab Tab Tab Tab" "C-u" ":type 1.000" "Enter" ":dump $tmp/l2" \
	"C-u" ":type 2" "Enter" ":dump $tmp/l3" "Esc" \
	"# the facts' prompt" \
	"f" "Enter" ":type 1.234.567.890.123.456.789" "Enter" ":dump $tmp/f1" \
	"C-u" ":type 1,2,3" "Enter" ":dump $tmp/f2" \
	"C-u" ":type -5" "Enter" ":dump $tmp/f3" "Esc" "Esc" \
	"# a criterion's value" \
	"Enter" "=" ":type 150" "Enter" ":dump $tmp/c1" \
	"C-u" ":type 1..2" "Enter" ":dump $tmp/c2" \
	"C-u" ":type 91,5" "Enter" ":dump $tmp/c3" "Esc" \
	"# a commendation: a date that does not exist, an amount that is not one" \
	"A" "a" "Tab Tab" ":type Giấy khen" "Tab Tab Tab" ":type 1/QĐ" "Tab" ":type 29/02/2023" \
	"Tab" ":type 1e308" "Enter" ":dump $tmp/a1" \
	"C-u" ":type 28/02/2023" "Tab" "C-u" ":type 1,5" "Enter" ":dump $tmp/a2" \
	"C-u" ":type 1,5 triệu" "Enter" ":dump $tmp/a3" "q" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
l1=$(dump l1)
has "ledger: the date stays, with why" "$(line_of "$l1" "Date *")" "31/02/2025"
has "... No such day in that month" "$(line_of "$l1" "Date *")" "No such day in that month"
has "... the value stays, with why" "$(line_of "$l1" "Value (đồng) *")" "99999999999999999999"
has "... The amount is too large" "$(line_of "$l1" "Value (đồng) *")" "The amount is too large"
has "... the quantity stays" "$(line_of "$l1" "Quantity")" "-5"
l2=$(dump l2)
has "then the negative quantity: why, beside it" "$(line_of "$l2" "Quantity")" "Cannot be negative"
has "... the text kept" "$(line_of "$l2" "Quantity")" "-5"
has "... the corrected fields kept" "$(line_of "$l2" "Date *")" "29/02/2024"
has "corrected, saved" "$(row 22 "$(dump l3)")" "Saved: 1.000 đ from residents (2"
has "facts: 1.234.567.890.123.456.789 too large" "$(row 23 "$(dump f1)")" "The number is too large"
has "... the text kept in the prompt" "$(row 22 "$(dump f1)")" "1.234.567.890.123.456.789"
has "facts: 1,2,3" "$(row 23 "$(dump f2)")" "Only one decimal comma is allowed"
has "... kept" "$(row 22 "$(dump f2)")" "1,2,3"
has "facts: -5" "$(row 23 "$(dump f3)")" "Households cannot be negative"
has "... kept" "$(row 22 "$(dump f3)")" "-5"
has "a criterion at 150%: why" "$(row 23 "$(dump c1)")" "A percentage is between 0 and 100"
has "... kept" "$(row 22 "$(dump c1)")" "150"
has "a criterion at 1..2: why" "$(row 23 "$(dump c2)")" "Misplaced thousands separator '.'"
has "... kept" "$(row 22 "$(dump c2)")" "1..2"
has "corrected to 91,5: met" "$(line_of "$(dump c3)" " KT01 ")" "[x]"
a1=$(dump a1)
has "commendation: 29/02/2023 kept" "$(line_of "$a1" "Decision date *")" "29/02/2023"
has "... with why" "$(line_of "$a1" "Decision date *")" "No such day in that month"
has "... 1e308 kept" "$(line_of "$a1" "Amount (đồng)")" "1e308"
has "... with why" "$(line_of "$a1" "Amount (đồng)")" "Enter an amount"
has "... the other fields kept" "$(line_of "$a1" "Form *")" "Giấy khen"
has "an amount of 1,5 đồng: why" "$(line_of "$(dump a2)" "Amount (đồng)")" "whole number"
has "... the corrected date kept" "$(line_of "$(dump a2)" "Decision date *")" "28/02/2023"
check "what the TUI saved, read with the CLI: 1.000 đ of labour, 2 days" "1000,2" \
	"$(km resources list --format csv | csv_get 29/02/2024 value quantity)"
check "... households still unset" "" "$(households)"
check "... KT01 at 91,5" "met,91.5" "$(km status "$A" --year 2024 --format csv | csv_get KT01 self_state self_value)"
check "... the commendation of 1,5 triệu" "1500000" "$(km award list --format csv | sed 1d | cut -d, -f11)"
