# Hostile text. Names, evidence, recipients, imported CSV fields, criteria-set names and user names
# holding escape sequences (clear screen, window title, cursor moves, colours), C0 and C1 controls
# (NEL, a CSI as UTF-8 and as a raw 8-bit byte), a bidi override, zero-width characters, a storm
# of combining marks, invalid UTF-8 and SQL metacharacters:
#  - the CLI and the import store them cleaned, and SQL text stays text (search and names too);
#  - 10,000- and 100,000-byte fields are refused, naming the limit, with nothing written;
#  - what another program wrote raw into a shared database (sqlite3) shows harmlessly: in the
#    TUI (headless dumps: exact rows, columns in line; in tmux, the bytes the program writes
#    hold no escape sequence from the data, the pane title stays, the screen matches the
#    headless one) and from the CLI to a terminal (no escape character at all);
#  - the Markdown and .xlsx reports of such data stay valid.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 84

KIEUMAU_TODAY=2024-06-15
export KIEUMAU_TODAY
KM_OPTS="--lang en --year 2024"

ESC=$(printf '\033')
BEL=$(printf '\007')
TAB=$(printf '\011')
C1CSI=$(printf '\302\233')     # U+009B, a CSI as UTF-8
RAWCSI=$(printf '\233')        # the same as one 8-bit byte: invalid UTF-8
NEL=$(printf '\302\205')       # U+0085
RLO=$(printf '\342\200\256')   # U+202E, right-to-left override
ZWSP=$(printf '\342\200\213')  # U+200B, zero-width space
ACUTE=$(printf '\314\201')     # U+0301, a combining acute accent
FFFD=$(printf '\357\277\275')  # U+FFFD, the replacement character
BADUTF8=$(printf '\200\300\257\355\240\200\342\202')   # continuation, overlong, surrogate, cut
storm=
i=0
while [ $i -lt 30 ]; do storm=$storm$ACUTE; i=$((i + 1)); done
# repeat N TEXT: TEXT N times (doubling: 100,000 bytes in a few steps).
repeat() {
	t_r=$2
	t_out=
	t_k=$1
	while [ "$t_k" -gt 0 ]; do
		[ $((t_k % 2)) -eq 1 ] && t_out=$t_out$t_r
		t_r=$t_r$t_r
		t_k=$((t_k / 2))
	done
	printf '%s' "$t_out"
}
# has_bytes / lacks_bytes DESC FILE BYTES: FILE holds BYTES (compared as bytes, not characters).
has_bytes() {
	if LC_ALL=C grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "expected the bytes of: $3"; fi
}
lacks_bytes() {
	if LC_ALL=C grep -qF -- "$3" "$2"; then
		fail "$1" "found the bytes of: $(printf '%s' "$3" | od -An -c | tr -s ' ')"
	else
		pass "$1"
	fi
}
areas_count() { km areas --format csv | wc -l | tr -d ' '; }

# ---- the CLI stores cleaned text; SQL metacharacters are text
H="Tổ 1 ${ESC}[2J${ESC}]0;PWNED${BEL}${C1CSI}2J${RAWCSI}q${NEL}${RLO}${ZWSP}x'); DROP TABLE area;-- 100% _a_ \\"
H_STORED="Tổ 1 [2J]0;PWNED2J${FFFD}qx'); DROP TABLE area;-- 100% _a_ \\"
run km --lang en areas add --parent "lac xuan" "$H"
check "areas add with escapes, C1, bidi, zero-width and SQL text: exit 0" 0 "$rc"
A=${out%%"$TAB"*}
check "stored cleaned: escapes and controls out, invalid UTF-8 as U+FFFD, the SQL as text" \
	"$A,$H_STORED,village,24934" "$(km areas --format csv | grep "^$A,")"
check "the area table is still there: the default tree and the new village" 14 "$(areas_count)"
run km --lang en areas add --parent "lac xuan" "Thôn 2"
run km --lang en areas rename "Thôn 2" "R${ESC}[31mđỏ${ESC}[0m ${RLO}${BADUTF8}"
check "areas rename to a hostile name: exit 0" "0:" "$rc:$err"
check "... stored cleaned" "R[31mđỏ[0m $FFFD$FFFD$FFFD$FFFD$FFFD$FFFD$FFFD$FFFD" \
	"$(km areas --format csv | csv_get 24934-02 name)"
run km --lang en areas rename "1%2" "x"
check "a name of 1%2: no LIKE wildcard (\"Tổ 1 [2J\" would match), no area matches (exit 1)" 1 "$rc"
has "... the message says so" "$err" "No area matches"

run km --lang en assess "$A" VH01 --year 2024 --stage self --met \
	--evidence "Biên bản${ESC}]0;PWNED${BEL}, \"họp\"${NEL}thôn"
check "evidence with an escape, a quote and a comma: exit 0" 0 "$rc"
check "... stored cleaned, read back through CSV quoting" "Biên bản]0;PWNED, \"họp\"thôn" \
	"$(km status "$A" --year 2024 --format csv | csv_get VH01 self_evidence)"

run km --lang en award add --recipient-kind household --recipient "Hộ ông \"Tư\", ${ESC}[5;5Hxóm ${C1CSI}2J" \
	--area "$A" --form "Giấy khen" --level commune --decision "7/QĐ${ZWSP}" --date 01/06/2024
check "an award with a hostile recipient: exit 0" 0 "$rc"
award=$out
check "... the recipient stored cleaned, a CSV field with a quote and a comma" \
	"Hộ ông \"Tư\", [5;5Hxóm 2J,7/QĐ" \
	"$(km award list --format csv | csv_get "$award" recipient decision_no)"

printf '%s\n' "date,area_code,source,form,quantity,unit,value,work,contributor,note" \
	"02/01/2024,$A,commune,labour,2,ngày,1000,\"W ${ESC}[2J, \"\"q\"\"" "second line\",C${C1CSI}${RLO}x,N${RAWCSI}${ZWSP}y" \
	>"$tmp/hostile.csv"
run km --lang en import resources "$tmp/hostile.csv"
check "import of hostile CSV fields (one holding a quoted line break): exit 0" "0:" "$rc:$err"
check "... work, contributor and note stored cleaned" "W [2J, \"q\" second line,Cx,N${FFFD}y" \
	"$(km resources list --format csv | csv_get 02/01/2024 work contributor note)"

printf '%s\n' "[set]" "code = hostile" "name = \"S ${ESC}]0;PWNED${BEL} ; x\"" "years = 2030-" "" \
	"[group-1]" "code = 1" "name = G${ESC}[2J" "" "[criterion-a]" "code = A1" "group = 1" \
	"name = \"N ${C1CSI}2J ; y\"" "measure = yesno" >"$tmp/hostile.ini"
run km --lang en criteria import "$tmp/hostile.ini"
check "criteria import with a hostile set name: exit 0" 0 "$rc"
has "... the set's name stored cleaned" "$(km --lang en criteria list)" "hostile  S ]0;PWNED ; x"

run km --lang en user add "me${ESC}[2J" --role admin
check "a user name with an escape: refused (exit 1)" 1 "$rc"
has "... saying why" "$err" "is not a login name"
run km --lang en user add "me${C1CSI}2J" --role admin
check "a user name with a C1 CSI: refused (exit 1)" 1 "$rc"
run km --lang en user add "me${RLO}" --role admin
check "a user name with a bidi override: refused (exit 1)" 1 "$rc"
has "... no user written" "$(km --lang en user list)" "No users"

# ---- long fields: refused naming the limit, nothing written
x10k=$(repeat 10000 x)
x100k=$(repeat 100000 x)
run km --lang en areas add --parent "lac xuan" "$x10k"
check "a 10,000-character name: refused (exit 1)" 1 "$rc"
has "... naming the limit" "$err" "longer than 200 characters"
check "... nothing written" 15 "$(areas_count)"
run km --lang en assess "$A" AN01 --year 2024 --stage self --met --evidence "$x10k"
check "10,000 characters of evidence: refused (exit 1)" 1 "$rc"
has "... naming the limit" "$err" "longer than 4000 bytes"
check "... nothing written" "not_assessed" "$(km status "$A" --year 2024 --format csv | csv_get AN01 self_state)"
run km --lang en register "$A" --year 2024 --title model --date 01/02/2024 --note "$x100k"
check "a 100,000-byte note: refused (exit 1)" 1 "$rc"
has "... naming the limit" "$err" "longer than 2000 bytes"
has "... nothing written" "$(km --lang en titles "$A")" "No title recorded."
printf '%s\n' "date,area_code,source,form,quantity,unit,value,work,contributor,note" \
	"03/01/2024,$A,commune,cash,,,1000,w,c,$x100k" >"$tmp/long.csv"
run km --lang en import resources "$tmp/long.csv"
check "import of a 100,000-byte field: refused (exit 1)" 1 "$rc"
has "... naming the line and the limit" "$err" "long.csv:2: The note is too long (at most 500 characters)"
lacks "... nothing imported" "$(km resources list --format csv)" "03/01/2024"

# ---- the TUI: SQL text is text in the search; a long paste is cut, refused, and kept
long=$(repeat 3000 ệ)
script_run search \
	"/" ":type %" "Enter" ":dump $tmp/s1" \
	"/" "C-u" ":type drop table area;--" "Enter" ":dump $tmp/s2" \
	"/" "C-u" ":type 1%_" "Enter" ":dump $tmp/s3" \
	"/" "C-u" ":type lac xuan" "Enter" "a" ":type ${long}END" "Enter" ":dump $tmp/s4" "Esc" "q"
check "--script run: exit 0, nothing on stderr" "0:" "$rc:$err"
has "searching % finds the one name holding it" "$(row 22 "$(dump s1)")" "1 of 1 matches for \"%\""
has "... that village" "$(row 0 "$(dump s1)")" "Lạc Xuân › Tổ 1 [2J]0;PWNED2J"
has "searching a bit of SQL finds the village named with it" "$(row 22 "$(dump s2)")" "1 of 1 matches"
has "\"1%_\": no wildcard, not found" "$(row 22 "$(dump s3)")" "Not found: 1%_"
has "a pasted 9,000-byte name: the reason shows" "$(row 23 "$(dump s4)")" "longer than 200 characters"
has "... and the text stays in the prompt" "$(row 22 "$(dump s4)")" "ệệệệệệệệệệ"
lacks "... cut at 8 KB: the end of the paste is not in it" "$(row 22 "$(dump s4)")" "END"
check "... nothing written" 15 "$(areas_count)"

# ---- a shared database written raw by another program (sqlite3, audit triggers dropped)
if ! command -v sqlite3 >/dev/null 2>&1; then
	skip_n 43 "sqlite3 not installed"
	exit 0
fi
RAW=$tmp/raw.db
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
# each_village CMD: runs CMD LABEL RAW-NAME SHOWN-NAME for each village (the label is the name's
# start, unique on the screen).
each_village() {
	"$1" E1 "E1${ESC}[2JZ" "E1${FFFD}[2JZ"
	"$1" E2 "E2${ESC}]0;PWNED${BEL}" "E2${FFFD}]0;PWNED${FFFD}"
	"$1" E3 "E3${ESC}[5;5HZ" "E3${FFFD}[5;5HZ"
	"$1" E4 "E4${ESC}[31mZ" "E4${FFFD}[31mZ"
	"$1" E5 "E5${C1CSI}2JZ" "E5${FFFD}2JZ"
	"$1" E6 "E6q${RAWCSI}2JZ" "E6q${FFFD}2JZ"
	"$1" E7 "E7${NEL}Z" "E7${FFFD}Z"
	"$1" E8 "E8${RLO}ZYX" "E8ZYX"
	"$1" E9 "E9${ZWSP}Z" "E9Z"
	"$1" F1 "F1o${storm}Z" "F1o${ACUTE}${ACUTE}${ACUTE}${ACUTE}Z"
	"$1" F2 "F2${BADUTF8}Z" "F2${FFFD}${FFFD}${FFFD}${FFFD}${FFFD}${FFFD}${FFFD}${FFFD}Z"
	"$1" F3 "F3${ACUTE}漢Z" "F3${ACUTE}漢Z"
	"$1" F4 "F4${TAB}Z" "F4 Z"
}
sql="DROP TRIGGER audit_area_insert; DROP TRIGGER audit_area_update;"
add_raw() {
	km areas add --parent "lac xuan" "$1" >/dev/null
	sql="$sql UPDATE area SET name = CAST(X'$(hex "$2")' AS TEXT) WHERE name = '$1';"
}
each_village add_raw
cp "$DB" "$RAW"
sqlite3 "$RAW" "$sql"
check "the raw names are in the database" 13 \
	"$(sqlite3 "$RAW" "SELECT count(*) FROM area WHERE name LIKE 'E_%' OR name LIKE 'F_%'")"

# cols TEXT: display columns of TEXT (the marks and the wide character used here counted right).
cols() { printf '%s' "$1" | sed "s/$ACUTE//g; s/漢/漢x/g" | LC_ALL=C tr -d '\200-\277' | wc -c | tr -d ' '; }

KM_OPTS="--lang en --year 2024"
t_db=$DB
DB=$RAW
script_run raw ":resize 80x40" "/" ":type lac xuan" "Enter" "Right" ":dump $tmp/tree" \
	"s" ":dump $tmp/table" "q" "q"
DB=$t_db
check "headless TUI on the raw names: exit 0, nothing on stderr" "0:" "$rc:$err"
tree=$(dump tree)
table=$(dump table)
total=$(line_of "$table" " Total ")
total_at=$(cols "${total%% 0*}")
check_village() {
	check "tree: $1 shown harmlessly, its kind where its width says" "        $3  village" \
		"$(line_of "$tree" "$1")"
	t_r=$(line_of "$table" " $1")
	check "status table: $1 shown, its figures in line with the totals" "$3:$total_at" \
		"$(case $t_r in " $3 "*) printf '%s' "$3" ;; *) printf '%s' "$t_r" ;; esac):$(cols "${t_r%% 0*}")"
}
each_village check_village

# ---- reports of the raw names (on a copy: the screens below show no registration)
REP=$tmp/reports.db
cp "$RAW" "$REP"
"$KM" --db "$REP" register 24934-13 --year 2024 --title model --date 01/02/2024 >/dev/null
"$KM" --db "$REP" register 24934-04 --year 2024 --title model --date 01/02/2024 >/dev/null
run "$KM" --db "$REP" --lang en report --period 2024 --area 24934 --format md
check "Markdown report of raw names: exit 0" "0:" "$rc:$err"
printf '%s' "$out" >"$tmp/report.md"
lacks_bytes "... no escape character in it" "$tmp/report.md" "$ESC"
has_bytes "... the names shown with U+FFFD, Markdown's brackets escaped" "$tmp/report.md" \
	"E2${FFFD}\\]0;PWNED${FFFD}"
run "$KM" --db "$REP" --lang en report --period 2024 --area 24934 --format xlsx --output "$tmp/r.xlsx"
check "xlsx report of raw names: exit 0" "0:" "$rc:$err"
if command -v unzip >/dev/null 2>&1 && command -v iconv >/dev/null 2>&1; then
	ok "... its shared strings are valid UTF-8 (Excel opens the file)" \
		sh -c 'unzip -p "$1" xl/sharedStrings.xml | iconv -f UTF-8 -t UTF-8 >/dev/null' sh "$tmp/r.xlsx"
else
	skip "... its shared strings are valid UTF-8" "unzip or iconv not installed"
fi

# ---- the same in a real terminal: the bytes the program writes
if ! have_tmux; then
	skip_n 10 "tmux not installed"
	exit 0
fi
# gated CMD...: waits for $tmp/go before running CMD, so that pipe-pane sees all its output.
gated() {
	rm -f "$tmp/go"
	tm_start 80x40 sh -c 'while [ ! -e "$0" ]; do sleep 0.05; done; exec "$@"' "$tmp/go" "$@"
}
capture() { : >"$tmp/$1"; tm pipe-pane -t "$tm_s" -o "cat >>'$tmp/$1'"; touch "$tmp/go"; }
title() { tm display-message -p -t "$tm_s" '#{pane_title}'; }
# wait_bytes FILE TEXT: tmux has passed on the pane's output up to TEXT (it does so on its own time).
wait_bytes() {
	t_i=200
	while [ "$t_i" -gt 0 ]; do
		LC_ALL=C grep -qF -- "$2" "$1" && return 0
		sleep 0.05
		t_i=$((t_i - 1))
	done
	diag "gave up waiting for \"$2\" in $1"
	return 1
}

gated "$KM" --db "$RAW" --lang en --year 2024
capture tui.bytes
title0=$(title)
wait_for "▾ Đơn Dương" >/dev/null
keys /
type_text "lac xuan"
keys Enter
keys Right
wait_for "F4 Z" >/dev/null
check "tmux: the screen is the headless one, row by row" "$tree" "$(screen | sed 's/ *$//')"
keys s
wait_for " Total " >/dev/null
check "tmux: the status table too" "$table" "$(screen | sed 's/ *$//')"
b=$tmp/tui.bytes
wait_bytes "$b" "Total"
keys q q
wait_for_exit
lacks_bytes "the TUI wrote no window title (OSC)" "$b" "${ESC}]"
lacks_bytes "... no clear screen, cursor move or colour from the data" "$b" "${ESC}[2JZ"
lacks_bytes "... no C1 control (U+0085 NEL, U+009B CSI)" "$b" "$NEL"
lacks_bytes "... no raw 8-bit CSI from the data" "$b" "q${RAWCSI}"
lacks_bytes "... no bidi override, no zero-width space" "$b" "$RLO"
check "... and the pane title is the one it had" "$title0" "$(title)"

gated sh -c '"$0" --db "$1" --lang en areas; "$0" --db "$1" --lang en areas rename "$2" x' \
	"$KM" "$RAW" "no${ESC}]0;PWNED${BEL}such"
capture cli.bytes
wait_for_exit
wait_bytes "$tmp/cli.bytes" "No area matches"
lacks_bytes "the CLI on a terminal: no escape character at all, in output or messages" \
	"$tmp/cli.bytes" "$ESC"
has_bytes "... the names shown with U+FFFD" "$tmp/cli.bytes" "E1${FFFD}[2JZ"
