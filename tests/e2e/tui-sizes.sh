# Every view at every size, headless (--script with :resize), on the demo data: from 1x1 to
# 500x200, and around the minimum (30x6). Below the minimum the screen says so, naming the size,
# in whole words where they fit; from the minimum up it shows the view with its header and key
# hints, as many rows as the terminal has and none wider; back at 80x24 the view is drawn exactly
# as before. Forms, pickers, prompts and questions draw nothing over the message, nothing wraps
# into the next row, and they are still there when the terminal grows. Area names with wide
# characters (CJK, emoji) are cut whole at the edge. Under the sanitizer build, a report on
# stderr fails the runs.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 139

KM_OPTS="--lang en --year 2024"
SMALL="1x1 2x2 10x3 20x5 29x6 30x5 1x200 500x1"
BIG="30x6 31x7 40x10 60x20 79x23 80x24 132x43 200x60 500x200 30x200 500x6"

# Dumps are named after their size, last: tree.a.30x6.
# shapes FILE...: "" if every dump has the rows of its size and no row wider than its columns,
# else what is wrong. Wide characters (the CJK block U+4000-U+9FFF, four-byte ones such as
# emoji) take two columns; the rest of UTF-8 one.
shapes() {
	LC_ALL=C awk '
	function done() {
		if (f == "") return
		split(size, d, "x")
		if (rows != d[2] || w > d[1]) printf " %s: %d rows, %d columns", f, rows, w
	}
	BEGIN { for (i = 1; i < ARGC; i++) if ((getline l < ARGV[i]) < 0) printf " %s: missing", ARGV[i] }
	FNR == 1 { done(); f = FILENAME; size = f; sub(/.*\./, "", size); rows = 0; w = 0 }
	{
		rows++
		s = $0
		gsub(/[\344-\351][\200-\277][\200-\277]/, "WW", s)
		gsub(/\360[\200-\277][\200-\277][\200-\277]/, "WW", s)
		gsub(/[\200-\277]/, "", s)
		if (length(s) > w) w = length(s)
	}
	END { done() }' "$@"
}
# framed FILE...: "" if every dump shows the year on its first row (the header) and q Quit on its
# last (the key hints), else the dumps that do not.
framed() {
	awk '
	function done() { if (f != "" && !(index(first, "Year 2024") && index(last, "q Quit"))) printf " %s", f }
	FNR == 1 { done(); f = FILENAME; first = $0 }
	{ last = $0 }
	END { done() }' "$@"
}
rows_of() { echo "${1#*x}"; }
# joined FILE SEP: the dump's rows joined by SEP.
joined() { awk -v sep="$2" '{ printf "%s%s", (NR > 1 ? sep : ""), $0 }' "$1"; }
# too_small FILE...: "" if every dump is the message naming its size and nothing else: each row a
# piece of the message, the size in it where there is room (not at 1x1 and 2x2); else the dumps
# that are not.
too_small() {
	awk '
	function done() {
		if (f == "") return
		named = index(all, "(" size ")") || index(flat, "(" size ")") || size ~ /^[12]x[12]$/
		if (stray || !named) printf " %s: %s", size, all
	}
	FNR == 1 {
		done()
		f = FILENAME; size = f; sub(/.*\./, "", size)
		msg = "Terminal too small (" size "); at least 30x6 needed. q quits."
		stray = 0; all = ""; flat = ""
	}
	{
		all = all (FNR > 1 ? "|" : "") $0
		flat = flat $0
		if ($0 != "" && !index(msg, $0)) stray = 1
	}
	END { done() }' "$@"
}
# files NAME PART SIZES: the dump files $tmp/NAME.PART.SIZE for each size.
files() {
	f_out=
	for f_s in $3; do
		f_out="$f_out $tmp/$1.$2.$f_s"
	done
	echo "$f_out"
}

# sweep NAME KEYS: opens a view with KEYS at 80x24 and dumps it; then at every size dumps the
# screen; back at 80x24 dumps it again; then at every size moves about (down, pages, the end,
# columns right and left, the start) and dumps; and last, at 80x24 once more.
sweep() {
	s_name=$1
	set -- "$2" ":dump $tmp/$s_name.start.80x24"
	for s in $SMALL $BIG; do
		set -- "$@" ":resize $s" ":dump $tmp/$s_name.a.$s"
	done
	set -- "$@" ":resize 80x24" ":dump $tmp/$s_name.back.80x24"
	for s in $SMALL $BIG; do
		set -- "$@" ":resize $s" "j j PgDn End } } { PgUp Home k" ":dump $tmp/$s_name.b.$s"
	done
	set -- "$@" ":resize 80x24" ":dump $tmp/$s_name.end.80x24" "q"
	script_run "$s_name" "$@"
}

# check_view NAME KEYS HEADER: the sweep of one view and what it must show (HEADER: on row 0 at
# 80x24).
check_view() {
	sweep "$1" "$2"
	check "$1: every size, exit 0, nothing on stderr" "0:" "$rc:$err"
	has "$1: opened at 80x24" "$(row 0 "$(dump "$1.start.80x24")")" "$3"
	check "$1: at every size, the terminal's rows and none wider" "" \
		"$(shapes $(files "$1" a "$SMALL $BIG") $(files "$1" b "$SMALL $BIG") "$tmp/$1.end.80x24")"
	check "$1: below 30x6, only the message naming the size" "" \
		"$(too_small $(files "$1" a "$SMALL") $(files "$1" b "$SMALL"))"
	check "$1: from 30x6 up, the header with the year and the hints with q Quit" "" \
		"$(framed $(files "$1" a "$BIG") $(files "$1" b "$BIG") "$tmp/$1.end.80x24")"
	check "$1: back at 80x24, the view exactly as it was" "$(dump "$1.start.80x24")" \
		"$(dump "$1.back.80x24")"
}

run km demo
check "demo data" 0 "$rc"

# ---- every view
check_view tree "" "Lâm Đồng › Đơn Dương"
check_view help "?" "Help"
check_view checklist "j j Enter j Enter" "Đạ Ròn › Thôn 1"
check_view facts "j j Enter j f" "(facts)"
check_view history "j j Enter j Enter j H" "(history)"
check_view cycle "j j Enter j R" "(recognition)"
check_view awards "A" "(commendations"
check_view worklist "w" "Worklist"
check_view ledger "m" "(resources"
check_view status-commune "j j s" "Đạ Ròn  (status table"
check_view status-district "s" "Đơn Dương  (status table"
check_view matrix "j j M" "(criteria matrix"
check_view report "P" "(report, 2024)"
check_view audit "U" "(changes)"

# ---- the message itself: whole words where they fit; keys other than q wait
script_run msg ":resize 20x5" ":dump $tmp/m1" "j Enter ?" ":resize 80x24" ":dump $tmp/m2" \
	":resize 20x5" "q"
check "too small: exit 0 on q, nothing on stderr" "0:" "$rc:$err"
check "20x5: the message in whole words" \
	"Terminal too small|(20x5); at least|30x6 needed. q|quits.|" "$(joined "$tmp/m1" "|")"
check "keys other than q did nothing while too small" "$(dump tree.start.80x24)" "$(dump m2)"

# ---- the report: scrolled sideways while narrow, its text is back when the terminal is wide
script_run report-wide "P" ":resize 30x24" "} } } } } } } }" ":resize 500x200" ":dump $tmp/rw1" \
	":resize 30x24" "} } } } } } } }" ":resize 80x24" ":dump $tmp/rw2" "{ { { { { { { {" \
	":dump $tmp/rw3" "q"
check "report scrolled, then widened: exit 0, nothing on stderr" "0:" "$rc:$err"
has "widened to 500 columns: the whole report in sight, its title too" "$(row 1 "$(dump rw1)")" \
	"Periodic report: Đơn Dương"
check "at 80x24: scrolled no further than the widest line's end (some text in sight)" 1 \
	"$(awk 'NR > 1 && NR < 23 && length($0) > 0 { n = 1 } END { print n + 0 }' "$tmp/rw2")"
has "{ goes back to the start" "$(row 1 "$(dump rw3)")" "Periodic report: Đơn Dương"

# ---- forms, pickers, prompts and questions at every size
# widget NAME KEYS TEXT [form]: opens a widget with KEYS; below the minimum only the message,
# nothing of TEXT; from the minimum up the terminal's rows and columns, and for a form nothing
# wrapped into column 0 of the body rows (a form clears them and draws from column 1); back at
# 80x24, TEXT again.
WSMALL="1x1 2x2 10x3 20x5 29x6 30x5"
WBIG="30x6 31x7 32x8 33x8 35x9 38x10 40x10 45x12 50x14 60x16 80x24"
widget() {
	w_name=$1
	w_text=$3
	w_form=$4
	set -- "$2" ":dump $tmp/$w_name.start.80x24"
	for s in $WSMALL $WBIG; do
		set -- "$@" ":resize $s" ":dump $tmp/$w_name.a.$s"
	done
	set -- "$@" ":resize 80x24" ":dump $tmp/$w_name.back.80x24" "Esc" "Esc" "q"
	script_run "$w_name" "$@"
	check "$w_name: every size, exit 0, nothing on stderr" "0:" "$rc:$err"
	has "$w_name: shown at 80x24" "$(dump "$w_name.start.80x24")" "$w_text"
	check "$w_name: below 30x6, only the message" "" "$(too_small $(files "$w_name" a "$WSMALL"))"
	w_bad=$(shapes $(files "$w_name" a "$WBIG"))
	for s in $WBIG; do
		[ -n "$w_form" ] || break
		w_col0=$(sed -n "2,$(($(rows_of "$s") - 2))p" "$tmp/$w_name.a.$s" | grep -c '^[^ ]')
		[ "$w_col0" -eq 0 ] || w_bad="$w_bad $s: $w_col0 rows wrapped into column 0"
	done
	check "$w_name: from 30x6 up, the terminal's rows and none wider${w_form:+, nothing wrapped}" \
		"" "$w_bad"
	has "$w_name: back at 80x24, still there" "$(dump "$w_name.back.80x24")" "$w_text"
}
widget form-award "A a Enter" "New commendation" form
widget form-ledger "m a" "New resource entry" form
widget form-target "j j s t" "Targets of" form
widget form-cycle "j j Enter j R Enter" "Register for the title" form
widget picker-area "A a" "Commendation for which area?"
widget picker-filter "A F" "Filter by"

# A prompt and a question: the same, and what was typed while too small is kept.
script_run prompt "/" ":resize 10x3" ":dump $tmp/p1.10x3" ":type Lạc" ":resize 80x24" \
	":dump $tmp/p2" "Esc" "m a" ":type 9" "Esc" ":resize 20x5" ":dump $tmp/p3.20x5" \
	":resize 80x24" ":dump $tmp/p4" "y" ":dump $tmp/p5" "q"
check "prompt and question: exit 0, nothing on stderr" "0:" "$rc:$err"
check "10x3: the prompt draws nothing over the message" "" "$(too_small "$tmp/p1.10x3")"
has "back at 80x24: the prompt with what was typed" "$(row 22 "$(dump p2)")" "Find: Lạc"
check "20x5: the question draws nothing over the message" "" "$(too_small "$tmp/p3.20x5")"
has "back at 80x24: the question" "$(row 22 "$(dump p4)")" "Throw away what you typed? (y/n)"
lacks "y answers it: the form is gone" "$(dump p5)" "New resource entry"

# ---- sizes the script refuses (curses keeps sizes in shorts: 40000 columns crashed it)
script_run huge ":resize 40000x2" ":dump $tmp/h1.80x24" ":resize 0x5" ":resize 5x-1" \
	":dump $tmp/h2.80x24" "q"
check "a size too large or not positive: refused, exit 0, nothing on stderr" "0:" "$rc:$err"
check "... the screen stays 80x24" "" "$(shapes "$tmp/h1.80x24" "$tmp/h2.80x24")"

# ---- wide characters in area names, cut whole at the edge
km areas rename 677 "Đơn Dương 漢字測試漢字測試漢字測試漢字測試漢字測試漢字測試" >/dev/null
km areas add --parent 677 --kind commune "Xã 🎉🎉 Vui 中文 Tiếng Việt có dấu rất dài để cắt ở mép màn hình" >/dev/null
km areas add --parent 677 --kind commune "漢字測試漢字測試漢字測試漢字測試漢字測試漢字測試漢字測試漢字測試漢字測試漢字測試" >/dev/null
for v in tree:End status:s audit:U; do
	n=wide-${v%%:*}
	sweep "$n" "${v#*:}"
	check "$n: every size, exit 0, nothing on stderr" "0:" "$rc:$err"
	has "$n: the wide name shown" "$(dump "$n.start.80x24")" "漢字測試"
	check "$n: at every size, the terminal's rows and none wider" "" \
		"$(shapes $(files "$n" a "$SMALL $BIG") $(files "$n" b "$SMALL $BIG"))"
done
