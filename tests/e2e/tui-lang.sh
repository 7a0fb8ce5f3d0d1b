# Languages and locales: Vietnamese by default and English with --lang en; with LANG=C or no
# locale at all, Vietnamese names show intact and Vietnamese letters can be typed.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 22

names=$(default_areas_csv | sed 1d | awk -F, '{ print $2 }')
# missing TEXT: the default areas' names that TEXT does not show.
missing() {
	printf '%s\n' "$names" | while IFS= read -r n; do
		case $1 in *"$n"*) ;; *) printf '%s; ' "$n" ;; esac
	done
}

# ---- default (vi) and --lang en, headless
script_run vi ":dump $tmp/vi"
rc_vi=$rc
KM_OPTS="--lang en"
script_run en ":dump $tmp/en"
KM_OPTS=
check "the default and --lang en both run (exit status)" "0 0" "$rc_vi $rc"
check "default language: every area name shows" "" "$(missing "$(dump vi)")"
check "--lang en: every area name shows" "" "$(missing "$(dump en)")"
if [ -f "$KM_BUILDDIR/po/locale/vi/LC_MESSAGES/kieumau.mo" ]; then
	check "the header differs between vi and en" "different" \
		"$([ "$(row 0 "$(dump vi)")" != "$(row 0 "$(dump en)")" ] && echo different)"
	check "the key hints differ between vi and en" "different" \
		"$([ "$(row 23 "$(dump vi)")" != "$(row 23 "$(dump en)")" ] && echo different)"
else
	skip "the header differs between vi and en" "no vi catalogue yet"
	skip "the key hints differ between vi and en" "no vi catalogue yet"
fi
run km --lang en areas --format csv
check "--lang en does not translate data: areas --format csv" "$(default_areas_csv)" "$out"

# ---- LANG=C and no locale: headless (:type) and in tmux (send-keys -l)
for loc in LANG=C none; do
	if [ $loc = none ]; then KM_ENV=$NOLANG; else KM_ENV="$NOLANG $loc"; fi
	script_run "type-$loc" ":dump $tmp/t0" "/" ":type Đạ Ròn" ":dump $tmp/t1" "Enter" ":dump $tmp/t2"
	check "$loc, --script: exit 0, nothing on stderr" "0:" "$rc:$err"
	check "$loc, --script: every area name shows" "" "$(missing "$(dump t0)")"
	has "$loc, --script: Đạ Ròn typed with :type shows in the prompt" "$(row 22 "$(dump t1)")" "Đạ Ròn"
	has "$loc, --script: the search finds Đạ Ròn" "$(row 0 "$(dump t2)")" "Đơn Dương › Đạ Ròn"
	KM_ENV=
	if ! have_tmux; then
		skip_n 4 "tmux not installed"
		continue
	fi
	if [ $loc = none ]; then
		tm_start 80x24 env $NOLANG "$KM" --db "$DB"
	else
		tm_start 80x24 env $NOLANG $loc "$KM" --db "$DB"
	fi
	wait_for "Tu Tra" >/dev/null
	check "$loc, tmux: every area name shows" "" "$(missing "$scr")"
	keys /
	type_text "ka Đơn"
	ok "$loc, tmux: typed Vietnamese letters show in the prompt" wait_for_row 22 "ka Đơn"
	keys BSpace BSpace
	type_text "ô"
	keys Enter
	ok "$loc, tmux: Backspace removes whole letters; ka Đô is found" wait_for_row 0 "Đơn Dương › Ka Đô"
	keys q
	wait_for_exit
	check "$loc, tmux: q quits with status 0" 0 "$dead_status"
done
