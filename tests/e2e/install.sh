# `make install` into a staging directory (DESTDIR): the files land where they belong, and the
# installed program, outside the build tree, finds its data, keymaps and translations there.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 11

if [ ! -f "$KM_BUILDDIR/Makefile" ]; then
	skip_n 11 "no Makefile in the build tree"
	exit 0
fi
prefix=$(sed -n 's/^prefix = //p' "$KM_BUILDDIR/Makefile")
dest=$tmp/dest
root=$dest$prefix
# A make of our own, not a part of the one running the tests (if any).
(unset MAKEFLAGS MFLAGS MAKELEVEL; make -s -C "$KM_BUILDDIR" install DESTDIR="$dest") >"$tmp/make.log" 2>&1
rc=$?
check "make install DESTDIR=... succeeds" 0 "$rc"
[ $rc = 0 ] || tail -n 15 "$tmp/make.log" | sed 's/^/#   |/'

missing=""
for f in bin/kieumau share/kieumau/areas.csv share/kieumau/criteria/illustrative-2021.ini \
	share/kieumau/keymaps/default.ini share/kieumau/keymaps/vi.ini \
	share/locale/vi/LC_MESSAGES/kieumau.mo share/locale/en/LC_MESSAGES/kieumau.mo \
	share/man/man1/kieumau.1; do
	[ -s "$root/$f" ] || missing="$missing $f"
done
check "the installed files are there (under $prefix), not empty" "" "$missing"
ok "the translations installed are the built ones" \
	cmp "$KM_BUILDDIR/po/locale/vi/LC_MESSAGES/kieumau.mo" "$root/share/locale/vi/LC_MESSAGES/kieumau.mo"

ikm() {   # the installed program, told where its staged (not yet in place) files are
	KIEUMAU_DATADIR=$root/share/kieumau KIEUMAU_KEYMAPDIR=$root/share/kieumau/keymaps \
		KIEUMAU_LOCALEDIR=$root/share/locale "$root/bin/kieumau" --db "$tmp/i.db" "$@"
}
run ikm areas --format csv
check "installed: areas --format csv finds the default tree (13 lines)" "$(default_areas_csv)" "$out"
run ikm areas add --parent "Lạc Xuân" "Thôn 1"
run ikm tick "Lạc Xuân/Thôn 1" KT01 --value 182/200
check "installed: the criteria set is found (tick KT01 --value 182/200)" "0 met,91" \
	"$rc $(ikm status "Lạc Xuân/Thôn 1" --format csv | csv_get KT01 self_state self_value)"
run ikm keys
check "installed: keys lists the built-in bindings, exit 0" "0 Down, j" \
	"$rc $(printf '%s\n' "$out" | awk '$1 == "move-down" { sub(/^move-down +/, ""); print substr($0, 1, 7) }')"
"$KM" --help >"$tmp/help.build"
ikm --help >"$tmp/help.installed"
ok "installed: --help in the installed translation reads as the build tree's" \
	cmp "$tmp/help.build" "$tmp/help.installed"

# Without the variables, the installed program looks in $prefix, never in the build tree.
if [ -e "$prefix/share/kieumau/areas.csv" ]; then
	skip "installed, no variables: uses $prefix, not the build tree" "kieumau is installed in $prefix"
else
	run "$root/bin/kieumau" --db "$tmp/j.db" areas
	check "installed, no variables: refuses (data not in $prefix yet), exit 1" 1 "$rc"
fi
KIEUMAU_DATADIR=$root/share/kieumau "$root/bin/kieumau" --db "$tmp/j.db" areas --format csv >"$tmp/j.csv"
check "after that failure the database is sound: with the data found, the default tree" \
	"$(default_areas_csv)" "$(cat "$tmp/j.csv")"

if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$root/share/man/man1/kieumau.1" >"$tmp/man.txt" 2>"$tmp/man.err"
	check "man -l kieumau.1 formats the page" 0 "$?"
	has "the manual page is kieumau's" "$(head -n 5 "$tmp/man.txt")" "kieumau"
else
	skip_n 2 "man not installed"
fi
