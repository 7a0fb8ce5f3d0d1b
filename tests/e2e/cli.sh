# The command-line interface: init, areas, status, tick, demo, errors and exit statuses.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 50

V=24934-01                                    # the village added under Lạc Xuân below
csv() { km status "$V" --format csv; }
areas_csv() { km areas --format csv; }
# state CODE: "self_state,self_value,appraisal_state,appraisal_value" of one criterion of $V.
state() { csv | csv_get "$1" self_state self_value appraisal_state appraisal_value; }

# ---- init and the default tree
run km init
check "init succeeds" 0 "$rc"
ok "init creates the database file" test -s "$DB"
run km areas --format csv
check "areas --format csv: the default tree, 13 lines, exactly" "$(default_areas_csv)" "$out"
run km areas
names=$(printf '%s\n' "$out" | sed 's/^ *//; s/  (.*//')
check "areas (text): the same areas in the same order" \
	"$(default_areas_csv | sed 1d | awk -F, '{ print $2 }')" "$names"
has "areas (text): Lạc Xuân indented under Đơn Dương with its code" \
	"$(line_of "$out" "Lạc Xuân")" "    Lạc Xuân  ("
has "areas (text): Lạc Xuân's code" "$(line_of "$out" "Lạc Xuân")" "24934)"

# ---- areas add / rename
run km areas add --parent "lac xuan" "Thôn 1"
check "areas add (parent without tone marks) prints CODE<TAB>NAME" "0 $V	Thôn 1" "$rc $out"
before=$(areas_csv)
run km areas add --parent "Lạc Xuân" "Thôn 1"
check "areas add: a name already used under the parent is refused (exit 1)" 1 "$rc"
check "areas add refused: nothing added" "$before" "$(areas_csv)"
km areas add --parent 24934 "Thôn 2" >/dev/null
run km areas rename "Lạc Xuân/Thôn 2" "Thôn 1"
check "areas rename onto a sibling's name is refused (exit 1)" "1" "$rc"
has "areas rename refused: the reason is on stderr" "$err" "Thôn 1"
run km areas rename "Lạc Xuân/Thôn 2" "Thôn Hai"
check "areas rename by path" "0" "$rc"
has "areas rename: the new name is in the tree" "$(areas_csv)" "24934-02,Thôn Hai,village,24934"

# ---- status
n=$(($(csv | wc -l) - 1))   # criteria in the set
run km status "don duong" --format csv
check "status of a district (đ = d): one line per village" "$V 24934-02" \
	"$(printf '%s\n' "$out" | sed 1d | cut -d, -f1 | paste -sd' ' -)"
check "status of a district: name, criteria met at each stage, eligibility" "Thôn 1,0,0,$n,no" \
	"$(printf '%s\n' "$out" | csv_get $V name self_met appraisal_met criteria eligible)"
run km status "Lạc Xuân/Thôn 1"
has "status of a village (text): its path and code" "$out" "Lâm Đồng › Đơn Dương › Lạc Xuân › Thôn 1  ($V)"
has "status of a village (text): the year" "$out" "$YEAR"
run csv
check "status --format csv: the header's first columns" \
	"code,group,name,measure,self_state,self_value,appraisal_state,appraisal_value" "$(row 0 "$out" | cut -d, -f1-8)"
check "status --format csv: VH01 not assessed at first" \
	"2,Nhà văn hóa và khu thể thao thôn,yesno,not_assessed,,not_assessed," \
	"$(printf '%s\n' "$out" | csv_get VH01 group name measure self_state self_value appraisal_state appraisal_value)"

# ---- tick
r=$(km tick "$V" VH01; echo "$?:$(state VH01)")
r="$r $(km tick "$V" VH01 --off; echo "$?:$(state VH01)")"
r="$r $(km tick "$V" VH01 --clear; echo "$?:$(state VH01)")"
check "tick yes/no: met, --off not met, --clear not assessed" \
	"0:met,,not_assessed, 0:not_met,,not_assessed, 0:not_assessed,,not_assessed," "$r"
km tick "$V" VH01 --stage appraisal >/dev/null
check "tick --stage appraisal" "not_assessed,,met," "$(state VH01)"
run km tick "$V" KT01 --value 182/200
check "tick --value part/base: 182/200 is 91%, met" "0 met,91,not_assessed," "$rc $(state KT01)"
has "status (text) shows the part/base" "$(line_of "$(km status "$V")" KT01)" "182/200"
km tick "$V" KT03 --value 91,5 >/dev/null
check "tick --value with a decimal comma: 91,5" "met,91.5,not_assessed," "$(state KT03)"
km tick "$V" KT03 --value 89,5 >/dev/null
check "tick --value below the threshold: not met" "not_met,89.5,not_assessed," "$(state KT03)"
km tick "$V" KT03 --value 899/999 >/dev/null
check "tick --value 899/999 (89,99%): not met" not_met "$(state KT03 | cut -d, -f1)"
lacks "899/999 is not shown as (90%) beside the threshold ≥ 90% it misses" \
	"$(line_of "$(km status "$V")" KT03)" "(90%)"
before=$(csv)
rcs=""
for bad in 250/200 abc 101 "9 1"; do
	km tick "$V" KT01 --value "$bad" 2>/dev/null
	rcs="$rcs$? "
done
check "tick: bad values (250/200, abc, 101, '9 1') are refused with exit 1" "1 1 1 1 " "$rcs"
check "tick: refused values leave the database unchanged" "$before" "$(csv)"
run km tick "$V" KT01
check "tick of a numeric criterion without --value: exit 1, nothing on stdout" "1:" "$rc:$out"
run km tick "$V" ZZ99
check "tick: unknown criterion, exit 1" 1 "$rc"
has "tick: unknown criterion named in the error" "$err" "ZZ99"
check "tick refused: database unchanged" "$before" "$(csv)"

# ---- area errors
km areas add --parent "Đạ Ròn" "Thôn 1" >/dev/null
run km status "thon 1"
check "ambiguous area: exit 1, nothing on stdout" "1:" "$rc:$out"
has "ambiguous area: the candidates are listed" "$err" "24937-01"
has "ambiguous area: the candidates are listed (2)" "$err" "$V"
run km status "nowhere"
check "unknown area: exit 1" 1 "$rc"
r=""
for args in "tick" "tick $V VH01 --off --clear" "status $V --year 20x4" "--lang fr areas" "frobnicate"; do
	r="$r$(km $args 2>/dev/null; echo $?) "
done
check "usage errors exit 2" "2 2 2 2 2 " "$r"

# ---- demo
before=$(areas_csv)
run km demo
check "demo refuses a database with user data (exit 1), writes nothing" "1
$before" "$rc
$(areas_csv)"
run km demo --force
has "demo --force keeps the user's villages" "$(areas_csv)" "$V,Thôn 1,village,24934"
check "demo --force keeps the user's assessments" "not_assessed,,met," "$(state VH01)"
DB=$tmp/demo.db
run km demo
c=$(areas_csv | awk -F, 'NR > 1 && ($3 == "village" || $3 == "residential_group") { n[$4]++ }
	END { for (p in n) { k++; if (n[p] < 8 || n[p] > 12) bad++ }; print k + 0, bad + 0 }')
check "demo on a new database: 8-12 villages under each of the 10 communes and towns" "0 10 0" "$rc $c"
bad=$(areas_csv | awk -F, '($3 == "village" || $3 == "residential_group") && $2 !~ /^(Thôn|Tổ dân phố) [0-9]+$/')
check "demo villages are called Thôn N or Tổ dân phố N" "" "$bad"
y=""
for year in 2021 2025 2026; do
	y="$y$(km status 24934-01 --year $year --format csv | grep -c ',met,') "
done
set -- $y
check "demo data in 2021 and 2025, none in 2026 (met: $y)" "yes yes 0" \
	"$([ "$1" -gt 0 ] && echo yes) $([ "$2" -gt 0 ] && echo yes) $3"

# ---- a name that the path syntax ("Lạc Xuân/Thôn 1") could not reach
DB=$tmp/slash.db
run km areas add --parent "Lạc Xuân" "Tổ 1/2"
r=$rc
run km status "Lạc Xuân/Tổ 1/2" --format csv
check "a name with '/' is refused, or its path finds it" yes "$({ [ $r != 0 ] || [ $rc = 0 ]; } && echo yes)"

# ---- --version, --help, locale
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$KM_BUILDDIR/config.h")
run "$KM" --version
check "--version" "0 kieumau $version" "$rc $out"
run "$KM" --help
r=$rc
for w in --db --lang init demo areas status tick keys; do case $out in *"$w"*) ;; *) r="$r no $w" ;; esac; done
check "--help lists the options and commands" 0 "$r"
DB=$tmp/x.db
LC_ALL=C.UTF-8 km status "$V" >"$tmp/utf8.txt"
env $NOLANG "$KM" --db "$DB" status "$V" >"$tmp/nolang.txt"
ok "LANG unset: status prints the Vietnamese names byte for byte" cmp "$tmp/utf8.txt" "$tmp/nolang.txt"
has "LANG unset: the path is intact" "$(cat "$tmp/nolang.txt")" "Lâm Đồng › Đơn Dương › Lạc Xuân › Thôn 1"
default_areas_csv >"$tmp/want.csv"
env $NOLANG LANG=C "$KM" --db "$tmp/c.db" areas --format csv >"$tmp/c.csv"
ok "LANG=C: areas --format csv byte for byte" cmp "$tmp/want.csv" "$tmp/c.csv"
