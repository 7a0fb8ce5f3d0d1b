# Access control, as an attacker with an account would try it: every command that writes, run by
# every role (viewer, village, commune, district, admin, a login that is not a user, and one shut
# out by [access] unknown = none) on an area inside its scope and one outside. The table below is
# the specification: who may run each command; outside the scope only an administrator may. A
# refusal must exit 1 with a message naming why, and write nothing: the database file is byte for
# byte the same and the audit log has no new row. An allowed write adds audit rows by this login
# and leaves every earlier audit row as it was. Then the tricky paths (a record of another area
# edited by its id, or moved into one; an import with one row outside; a commune registered;
# renaming one's own unit; a user raising their own role), login names (case, spaces, $USER and
# $LOGNAME), restricted mode (KIEUMAU_DB, --db), and the audit log against the sqlite3 tool.
#
# One database is built once (base), one copy per role is made from it, and each case runs on a
# copy of its role's database, copied again only after a case that wrote.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP no sqlite3 tool"; exit 0; }

ME=$(id -un)
# The system configurations: none (unknown logins read), and one shutting unknown logins out.
KIEUMAU_SYSCONFDIR=$tmp/etc
mkdir -p "$tmp/etc" "$tmp/etc-none"
printf '[access]\nunknown = none\n' >"$tmp/etc-none/config.ini"
export KIEUMAU_SYSCONFDIR
YEAR=2024
q() { sqlite3 "$DB" "$1"; }
kme() { km --lang en "$@"; }
# setup CMD...: a step of building the fixture; stops the test if it fails.
setup() {
	run kme "$@"
	[ "$rc" = 0 ] || { echo "Bail out! setup failed: $* -> $rc: $err"; exit 1; }
}

# ---- the fixture: areas, one criteria set, each village at every point of the cycle ----------
# Villages: LX1 and LX2 in Lạc Xuân, KD1 in Ka Đô (same district), OT1 in another district.
LX1=24934-01 LX2=24934-02 KD1=24943-01 OT1=68-01-01-01
LX=24934 KD=24943 OC=68-01-01 DD=677 OD=68-01 PROV=68
cat >"$tmp/set.ini" <<'EOF'
[set]
code = acc-1
name = Access test set
years = 2019-2025
[group-1]
code = 1
name = Group
[criterion-a1]
code = A1
group = 1
name = One thing
measure = yesno
EOF
sed 's/acc-1/acc-2/' "$tmp/set.ini" >"$tmp/set2.ini"

DB=$tmp/base.db
setup init
setup criteria import "$tmp/set.ini"
for y in 2019 2020 2021 2022 2023 2024; do setup criteria bind "$y" acc-1; done
setup areas add --parent "$PROV" --kind district "Huyện Khác"
setup areas add --parent "$OD" --kind commune "Xã Khác"
setup areas add --parent "$OC" "Thôn 1"
setup areas add --parent "$LX" "Thôn 1"
setup areas add --parent "$LX" "Thôn 2"
setup areas add --parent "$KD" "Thôn 1"
for v in LX1 LX2 KD1 OT1; do
	eval "c=\$$v"
	# 2019: nothing; 2020: registered; 2021: self-assessed; 2022: appraised; 2023: recognised;
	# 2024: inspected and eligible, not yet recognised.
	for y in 2020 2021 2022 2023 2024; do setup register "$c" --year $y --title model --date 01/02/$y; done
	for y in 2021 2022 2023 2024; do setup step "$c" --year $y self-assessed --date 01/03/$y; done
	for y in 2022 2023 2024; do setup step "$c" --year $y appraised --date 01/04/$y; done
	for y in 2023 2024; do
		setup step "$c" --year $y inspected --date 01/05/$y
		setup assess "$c" A1 --year $y --stage appraisal --met --evidence "Biên bản"
	done
	setup recognise "$c" --year 2023 --level district --decision 1/QĐ --date 01/06/2023
	setup facts "$c" --year $YEAR --households 100
	setup org "$c" A1 "Hội Phụ nữ"
	setup award add --recipient-kind household --recipient "Hộ A" --area "$c" --form "Giấy khen" \
		--level commune --decision 2/QĐ --date 01/03/2024
	eval "AWC_$v=\$out"
	setup award add --recipient-kind household --recipient "Hộ B" --area "$c" --form "Bằng khen" \
		--level district --decision 3/QĐ --date 01/03/2024
	eval "AWD_$v=\$out"
	setup resources add --area "$c" --date 01/03/2024 --source residents --form cash --value 1000000
	eval "RES_$v=\$out"
	printf 'date,area_code,source,form,quantity,unit,value,work,contributor,note\n01/04/2024,%s,residents,cash,,,200000,,,\n' \
		"$c" >"$tmp/import-$v.csv"
done
setup recheck "$OT1" --year $YEAR improved --date 01/06/2024
setup targets "$LX" --year $YEAR --district 1
{ head -n 2 "$tmp/import-LX1.csv"; tail -n 1 "$tmp/import-KD1.csv"; } >"$tmp/import-mixed.csv"

# ---- one database per role: the current login made a user with that role --------------------
# role NAME ROLE [SCOPE]: $tmp/NAME.db, where this login has ROLE over SCOPE and admin2 is an
# administrator. unknown: this login is not a user.
role_db() {
	cp "$tmp/base.db" "$tmp/$1.db"
	DB=$tmp/$1.db
	if [ "$2" != unknown ]; then setup user add "$ME" --role admin; fi
	setup user add admin2 --role admin
	case $2 in admin | unknown) ;; *) setup user set "$ME" --role "$2" ${3:+--scope "$3"} ;; esac
}
role_db viewer viewer "$LX"
role_db village village "$LX1"
role_db commune commune "$LX"
role_db district district "$DD"
role_db admin admin
role_db unknown unknown
cp "$tmp/unknown.db" "$tmp/none.db"

# Per role: the village and commune inside its scope (in) and outside it (out).
#   role      village in/out   commune in/out
ROLES='
viewer      LX1 KD1          LX KD
village     LX1 LX2          LX KD
commune     LX1 KD1          LX KD
district    LX1 OT1          LX OC
admin       LX1 OT1          LX OC
unknown     LX1 KD1          LX KD
none        LX1 KD1          LX KD'

# ---- the specification: every command that writes -------------------------------------------
# key | roles allowed inside their scope (all: every role that may open the database) | what an
# allowed run writes (audit: rows with audit; data: rows outside the audit log; none) | the
# command. $V is the village, $C the commune, $AWC / $AWD a commendation of the village at
# commune / district level, $RES a resource entry of the village, $CSV a one-row import for
# it, $N the case's number. Outside the scope only an administrator may; a command naming no
# area has no outside case, nor have the two logins that are not users (refused before the area
# is looked at).
MATRIX='
tick          |village commune district admin |audit|tick $V A1 --year 2024 --off
assess-self   |village commune district admin |audit|assess $V A1 --year 2024 --stage self --met --evidence "Họp dân"
assess-appr   |commune district admin         |audit|assess $V A1 --year 2024 --stage appraisal --not-met
org           |commune district admin         |audit|org $V A1 "Hội Nông dân"
org-default   |commune district admin         |audit|org $V A1 --default
facts-set     |village commune district admin |audit|facts $V --year 2024 --households 120 --road-km 2,5
facts-unset   |village commune district admin |audit|facts $V --year 2024 --unset households
register      |village commune district admin |audit|register $V --year 2019 --title model --date 01/02/2019
register-edit |village commune district admin |audit|register $V --year 2020 --title exemplary --date 02/02/2020
register-undo |village commune district admin |audit|register $V --year 2020 --cancel
step-self     |village commune district admin |audit|step $V --year 2020 self-assessed --date 01/03/2020
undo-self     |village commune district admin |audit|step $V --year 2021 self-assessed --undo
step-appr     |commune district admin         |audit|step $V --year 2021 appraised --date 01/04/2021
undo-appr     |commune district admin         |audit|step $V --year 2022 appraised --undo
step-insp     |district admin                 |audit|step $V --year 2022 inspected --date 01/05/2022
undo-insp     |district admin                 |audit|step $V --year 2024 inspected --undo
recognise     |district admin                 |audit|recognise $V --year 2024 --level district --decision 9/QĐ --date 01/06/2024
revoke        |district admin                 |audit|revoke $V --year 2023 --decision 10/QĐ --date 01/06/2024 --reason "Sai sót"
recheck       |district admin                 |audit|recheck $V --year 2024 maintained --date 01/06/2024
award-add-c   |commune district admin         |audit|award add --recipient-kind household --recipient "Hộ C" --area $V --form "Giấy khen" --level commune --decision 4/QĐ --date 01/04/2024
award-add-d   |district admin                 |audit|award add --recipient-kind household --recipient "Hộ D" --area $V --form "Bằng khen" --level district --decision 5/QĐ --date 01/04/2024
award-edit-c  |commune district admin         |audit|award edit $AWC --note "sửa"
award-edit-d  |district admin                 |audit|award edit $AWD --note "sửa"
award-del-c   |commune district admin         |audit|award delete $AWC
award-del-d   |district admin                 |audit|award delete $AWD
res-add       |village commune district admin |audit|resources add --area $V --date 01/04/2024 --source residents --form cash --value 500000
res-edit      |village commune district admin |audit|resources edit $RES --note "sửa"
res-delete    |village commune district admin |audit|resources delete $RES
import        |village commune district admin |audit|import resources $CSV
targets       |commune district admin         |audit|targets $C --year 2024 --district 2 --resources 1000000
areas-add     |commune district admin         |audit|areas add --parent $C "Thôn Mới"
areas-rename  |commune district admin         |audit|areas rename $V "Thôn Đổi Tên"
crit-import   |district admin                 |audit|criteria import $tmp/set2.ini
crit-bind     |district admin                 |audit|criteria bind 2025 acc-1
user-add      |admin                          |audit|user add newbie --role viewer --scope 24934
user-set      |admin                          |audit|user set admin2 --role district --scope 677
user-remove   |admin                          |audit|user remove admin2
demo          |admin                          |data |demo --force
backup        |all                            |none |backup $tmp/backup-$N.db
init          |all                            |none |init'

# ---- the tricky paths: role | expected (ok, role, scope, unknown, none, or text:FRAGMENT of the
# message) | what an allowed run writes | the command. $ME is this login.
TRICKY='
commune  |scope |audit|award edit $AWC_LX1 --area 24943-01
district |scope |audit|award edit $AWC_LX1 --area 68-01-01-01
commune  |scope |audit|award edit $AWC_KD1 --area 24934-01
commune  |role  |audit|award edit $AWC_LX1 --level district
commune  |scope |audit|award add --recipient-kind commune --recipient "Huyện" --area 677 --form "Giấy khen" --level commune --decision 6/QĐ --date 01/04/2024
commune  |scope |audit|resources edit $RES_LX1 --area 24943-01
village  |scope |audit|resources edit $RES_LX1 --area 24934-02
village  |scope |audit|resources edit $RES_LX2 --area 24934-01
village  |scope |audit|resources add --area 24934 --date 01/04/2024 --source residents --form cash --value 1
commune  |scope |audit|import resources $tmp/import-mixed.csv
village  |scope |audit|import resources $tmp/import-mixed.csv
commune  |text:villages and residential groups only|audit|register 24934 --year 2019 --title model --date 01/02/2019
district |text:villages and residential groups only|audit|recognise 24934 --year 2024 --level district --decision 9/QĐ --date 01/06/2024
district |text:villages and residential groups only|audit|step 677 --year 2024 inspected --date 01/05/2024
commune  |scope |audit|areas rename 24943-01 "Thôn Lạ"
commune  |scope |audit|areas rename 24943 "Xã Lạ"
commune  |text:may change the areas below Lạc Xuân, not Lạc Xuân itself|audit|areas rename 24934 "Xã Mới"
district |text:may change the areas below Đơn Dương, not Đơn Dương itself|audit|areas rename 677 "Huyện Mới"
district |ok    |audit|areas rename 24934 "Xã Mới"
commune  |scope |audit|areas add --parent 24943 "Thôn X"
commune  |scope |audit|areas add --parent 677 --kind commune "Xã X"
district |scope |audit|areas add --parent 68 --kind district "Huyện X"
commune  |role  |audit|user set $ME --role admin
commune  |role  |audit|user add evil --role admin
commune  |role  |audit|user set $ME --role commune --scope 677
village  |role  |audit|user set $ME --role commune --scope 24934
district |role  |audit|user add $ME-2 --role district --scope 68
commune  |role  |audit|user remove admin2
commune  |text:decisions for Đơn Dương (inspection, recognition|audit|targets 677 --year 2024 --district 2
commune  |ok    |audit|targets 24934 --year 2024 --clear
district |scope |audit|targets 68 --year 2024 --district 2
village  |scope |audit|facts 24934 --year 2024 --households 5
commune  |scope |audit|facts 677 --year 2024 --households 5
commune  |scope |audit|org 24943-01 A1 "Hội X"
commune  |role  |audit|criteria import $tmp/set2.ini
commune  |role  |audit|criteria bind 2025 acc-1
village  |role  |audit|criteria bind 2025 acc-1 --force
viewer   |role  |audit|demo --force
district |role  |audit|demo --force'

# ---- running a case ---------------------------------------------------------------------------
# Few processes a case: about 550 of them run. The state a refusal must leave: the database file
# (and a WAL with frames, had one stayed) byte for byte, which holds the audit log too.
fingerprint() {
	if [ -s "$DB-wal" ]; then fp=$(cksum "$DB" "$DB-wal"); else fp=$(cksum "$DB"); fi
}
# audit_state MAX: $au = "rows|rows after MAX not by this login|checksum of the rows up to MAX".
audit_state() {
	sqlite3 "$DB" "SELECT count(*) || '|' || count(CASE WHEN id > $1 AND user <> '$ME' THEN 1 END) FROM audit;
		SELECT * FROM audit WHERE id <= $1 ORDER BY id" >"$tmp/audit.txt"
	read -r au <"$tmp/audit.txt"
	au="$au|$(sed 1d "$tmp/audit.txt" | cksum)"
}
# Each role's database as made: every case starts from that state (a refusal leaves it).
for r in viewer village commune district admin unknown none; do
	DB=$tmp/work.db
	cp "$tmp/$r.db" "$DB"
	fingerprint
	max=$(q 'SELECT coalesce(max(id), 0) FROM audit')
	audit_state "$max"
	eval "fp_$r=\$fp max_$r=\$max au_$r=\$au"
done

# has_line TEXT: the command's stderr contains TEXT (read by the shell: no process).
has_line() {
	while IFS= read -r h_l; do
		case $h_l in *"$1"*) return 0 ;; esac
	done <"$tmp/err"
	return 1
}

cur=
# case_run ROLE WHERE EXPECT WRITES COMMAND: one TAP line. $DB is a copy of ROLE's database, made
# again only after a case that wrote.
case_run() {
	c_role=$1 c_where=$2 c_expect=$3 c_writes=$4 c_cmd=$5
	N=$t_n
	DB=$tmp/work.db
	[ "$cur" = "$c_role" ] || { cp "$tmp/$c_role.db" "$DB"; cur=$c_role; }
	eval "fp0=\$fp_$c_role max0=\$max_$c_role au0=\$au_$c_role"
	sys=$tmp/etc
	[ "$c_role" != none ] || sys=$tmp/etc-none
	eval "set -- $c_cmd"
	KIEUMAU_SYSCONFDIR=$sys "$KM" --db "$DB" --lang en "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	rc=$?
	fingerprint
	[ "$fp0" = "$fp" ] || cur=   # written: the next case starts from a fresh copy
	why=
	case $c_expect in
	ok)
		audit_state "$max0"
		rows0=${au0%%|*} rows=${au%%|*} others=${au#*|}
		others=${others%%|*}
		if [ "$rc" != 0 ]; then why="exit $rc, expected 0"
		elif [ "$c_writes" = audit ] && [ "$rows" -le "$rows0" ]; then why="allowed, but nothing in the audit log"
		elif [ "$c_writes" = audit ] && [ "$others" != 0 ]; then why="audit rows not by $ME"
		elif [ "$c_writes" = data ] && [ "$fp0" = "$fp" ]; then why="allowed, but nothing written"
		elif [ "$c_writes" = none ] && [ "$fp0" != "$fp" ]; then why="the database changed"
		# The rows the log had before are all there, unchanged.
		elif [ "${au##*|}" != "${au0##*|}" ]; then why="earlier audit rows changed"
		fi ;;
	*)
		case $c_expect in
		role) frag="You ($ME, " ;;
		scope) frag="is outside your area: you ($ME, " ;;
		unknown) frag="You ($ME, not a registered user)" ;;
		none) frag="$ME is not a user of this database: not allowed" ;;
		text:*) frag=${c_expect#text:} ;;
		esac
		if [ "$rc" != 1 ]; then why="exit $rc, expected 1 (refused)"
		elif ! has_line "$frag"; then why="the message lacks \"$frag\""
		# The data and the audit log as they were: no row logged for a refusal.
		elif [ "$fp0" != "$fp" ]; then why="refused, but the database changed"
		fi ;;
	esac
	if [ -z "$why" ]; then
		pass "$c_role: $* ($c_where): $c_expect"
	else
		fail "$c_role: $* ($c_where): $c_expect" "$why" "stdout: $(cat "$tmp/out")" "stderr: $(cat "$tmp/err")"
	fi
}

# role_line ROLE: sets vin vout cin cout from ROLES.
role_line() {
	set -- $(printf '%s\n' "$ROLES" | awk -v r="$1" '$1 == r')
	vin=$2 vout=$3 cin=$4 cout=$5
}
# Placeholders of a command for the village key v and commune key c.
bind_area() {
	eval "V=\$$1 C=\$$2 AWC=\$AWC_$1 AWD=\$AWD_$1 RES=\$RES_$1"
	CSV=$tmp/import-$1.csv
}
# expect ROLE ALLOWED WHERE: $exp, the outcome the specification gives.
expect() {
	if [ "$1" = none ]; then exp=none; return; fi
	case " $2 " in
	*" $1 "* | *" all "*) if [ "$3" = out ] && [ "$1" != admin ]; then exp=scope; else exp=ok; fi ;;
	*) if [ "$1" = unknown ]; then exp=unknown; else exp=role; fi ;;
	esac
}

matrix_count=$(printf '%s\n' "$MATRIX" | grep -c '|')
with_area=$(printf '%s\n' "$MATRIX" | grep '|' | grep -c '\$[VCAR]\|\$CSV')
nroles=$(printf '%s\n' "$ROLES" | grep -c .)
tricky_count=$(printf '%s\n' "$TRICKY" | grep -c '|')
# The tests after the tables: login names 10, restricted mode 3, the sqlite3 tool 26.
EXTRA_TESTS=39
cases=$(( (matrix_count + with_area) * (nroles - 2) + 2 * matrix_count ))
plan $(( cases + tricky_count + EXTRA_TESTS ))
diag "matrix: $matrix_count commands ($with_area about an area) x $nroles roles x in/out = $cases cases (the two not users: in only)"

# ---- the matrix ----------------------------------------------------------------------------------
for r in $(printf '%s\n' "$ROLES" | awk 'NF { print $1 }'); do
	role_line "$r"
	while IFS='|' read -r key allowed writes cmd; do
		[ -n "$cmd" ] || continue
		for where in in out; do
			if [ $where = in ]; then bind_area "$vin" "$cin"; else bind_area "$vout" "$cout"; fi
			case $cmd in
			*'$V'* | *'$C'* | *'$AW'* | *'$RES'* | *'$CSV'*) ;;
			*) [ $where = in ] || continue; where=- ;;
			esac
			# Not a user: refused before the area is looked at; where does not matter.
			case $r in unknown | none) [ $where != out ] || continue ;; esac
			expect "$r" "$allowed" "$where"
			case_run "$r" "$where" "$exp" "${writes%% *}" "$cmd"
		done
	done <<MATRIX_END
$MATRIX
MATRIX_END
done

# ---- the tricky paths --------------------------------------------------------------------------
while IFS='|' read -r r expected writes cmd; do
	[ -n "$cmd" ] || continue
	expected=${expected%"${expected##*[! ]}"}   # without its trailing spaces
	case_run "${r%% *}" - "$expected" "${writes%% *}" "$cmd"
done <<TRICKY_END
$TRICKY
TRICKY_END

# ---- login names: the account's, exactly ---------------------------------------------------------
# A case (one TAP line each) outside the tables: DB, the command, the expectation.
DB=$tmp/commune.db
fingerprint
fp0=$fp
run env USER=admin2 LOGNAME=admin2 "$KM" --db "$DB" --lang en tick "$KD1" A1 --year 2024
fingerprint
check "USER and LOGNAME say admin2: still this login, refused outside its scope" \
	"1 yes $fp0" "$rc $(case $err in *"outside your area: you ($ME, commune cadre"*) echo yes ;; esac) $fp"
run env USER=admin2 LOGNAME=admin2 "$KM" --db "$DB" tick "$LX1" A1 --year 2024 --off
check "... and a change it may make is logged as this login's, not admin2's" "0 $ME" \
	"$rc $(q 'SELECT user FROM audit ORDER BY id DESC LIMIT 1')"
DB=$tmp/unknown.db
fingerprint
fp0=$fp
run env USER=admin2 LOGNAME=admin2 "$KM" --db "$DB" --lang en areas add --parent "$LX" "Thôn 9"
fingerprint
check "not a user, USER=admin2: refused, nothing written" "1 $fp0" "$rc $fp"
# The same name in capitals, or with a space, is another name.
upper=$(printf '%s' "$ME" | tr '[:lower:]' '[:upper:]')
if [ "$upper" != "$ME" ]; then
	cp "$tmp/base.db" "$tmp/case.db"
	DB=$tmp/case.db
	setup user add "$ME" --role admin
	setup user add "$upper" --role admin
	setup user remove "$ME"
	fingerprint
	fp0=$fp
	run kme areas add --parent "$LX" "Thôn 9"
	fingerprint
	check "$upper is an administrator, $ME is not a user: refused, nothing written" \
		"1 yes $fp0" "$rc $(case $err in *"You ($ME, not a registered user)"*) echo yes ;; esac) $fp"
else
	skip "a name in capitals is another user" "the login name has no lower-case letter"
fi
DB=$tmp/admin.db
for name in "$ME " " $ME" "$ME	x" "-$ME"; do
	run kme user add --role admin -- "$name"
	check "user add \"$name\": refused as not a login name" "1 yes" \
		"$rc $(case $err in *"is not a login name"*) echo yes ;; esac)"
done
# The real user id's account, even when the effective id is another (a set-user-id copy). Only
# root can run a program as an id without an account.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 711 "$tmp"
	mkdir -m 777 "$tmp/shared"
	cp "$tmp/admin.db" "$tmp/shared/x.db"
	chmod 666 "$tmp/shared/x.db"
	cp "$KM" "$tmp/shared/kieumau-suid"
	chmod 4755 "$tmp/shared/kieumau-suid"
	DB=$tmp/shared/x.db
	fingerprint
	fp0=$fp
	for bin in "$KM" "$tmp/shared/kieumau-suid"; do
		run env HOME="$tmp/shared" XDG_DATA_HOME="$tmp/shared" XDG_CONFIG_HOME="$tmp/shared" \
			XDG_STATE_HOME="$tmp/shared" setpriv --reuid=54321 --regid=54321 --clear-groups \
			"$bin" --db "$DB" --lang en areas add --parent "$LX" "Thôn 9"
		fingerprint
		check "uid 54321 (no account) running ${bin##*/}: #54321, not a user, refused" \
			"1 yes $fp0" "$rc $(case $err in *"You (#54321, not a registered user)"*) echo yes ;; esac) $fp"
	done
else
	skip_n 2 "not root, or no setpriv: cannot run as an id without an account"
fi

# ---- restricted mode: the shared database, whatever KIEUMAU_DB or --db say --------------------
mkdir -p "$tmp/etc-restricted"
cp "$tmp/commune.db" "$tmp/shared.db"
printf '[database]\npath = %s\n[security]\nrestricted = yes\n' "$tmp/shared.db" >"$tmp/etc-restricted/config.ini"
# A database of one's own, where one is the single user: everything would be allowed there.
cp "$tmp/base.db" "$tmp/own.db"
DB=$tmp/shared.db
fingerprint
fp0=$fp
own0=$(cksum <"$tmp/own.db")
R="env KIEUMAU_SYSCONFDIR=$tmp/etc-restricted"
run $R KIEUMAU_DB="$tmp/own.db" "$KM" --lang en tick "$KD1" A1 --year 2024
fingerprint
check "KIEUMAU_DB=own.db: the shared database is used, and the commune cadre refused there" \
	"1 yes $fp0 $own0" "$rc $(case $err in *"outside your area"*) echo yes ;; esac) $fp $(cksum <"$tmp/own.db")"
run $R "$KM" --db "$tmp/own.db" --lang en tick "$KD1" A1 --year 2024
fingerprint
check "--db own.db: refused, neither database written" \
	"1 yes $fp0 $own0" "$rc $(case $err in *"--db is not allowed here"*) echo yes ;; esac) $fp $(cksum <"$tmp/own.db")"
run $R KIEUMAU_DB="$tmp/new.db" "$KM" tick "$LX1" A1 --year 2024 --off
check "KIEUMAU_DB=new.db: no such file made; the change it may make goes to the shared database" \
	"0 no $ME" "$rc $([ -e "$tmp/new.db" ] && echo yes || echo no) $(q 'SELECT user FROM audit ORDER BY id DESC LIMIT 1')"

# ---- the audit log against the sqlite3 tool ------------------------------------------------------
cp "$tmp/admin.db" "$tmp/tool.db"
DB=$tmp/tool.db
fingerprint
fp0=$fp
# Every audited table has rows, so that a DELETE would fire its trigger.
tables=$(q "SELECT DISTINCT tbl FROM audit ORDER BY tbl")
check "the fixture has audit rows for the 14 audited tables" 14 "$(printf '%s\n' "$tables" | grep -c .)"
for t in $tables; do
	run sqlite3 "$DB" "DELETE FROM $t"
	fingerprint
	check "sqlite3: DELETE FROM $t refused (the audit trigger needs the program), nothing written" \
		"yes $fp0" "$([ "$rc" != 0 ] && echo yes) $fp"
done
while IFS='|' read -r what sql; do
	[ -n "$sql" ] || continue
	run sqlite3 "$DB" "$sql"
	fingerprint
	check "sqlite3: $what: refused, nothing written" "yes $fp0" "$([ "$rc" != 0 ] && echo yes) $fp"
done <<SQL_END
UPDATE of an area|UPDATE area SET name = 'Hacked' WHERE code = '$LX1'
INSERT of a target|INSERT INTO target(area_id, year, recognised_district, updated_by, updated_at) SELECT id, 2030, 9, '$ME', 'x' FROM area WHERE code = '$KD'
INSERT OR REPLACE of a user (raising oneself)|INSERT OR REPLACE INTO app_user(name, role, created_by, created_at, updated_by, updated_at) VALUES ('$ME', 'admin', 'x', 'x', 'x', 'x')
UPDATE of the audit log|UPDATE audit SET user = 'someone-else'
DELETE of the audit log|DELETE FROM audit
DELETE of the last audit row|DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)
INSERT OR REPLACE of an audit row|INSERT OR REPLACE INTO audit SELECT * FROM audit WHERE id = 1
REPLACE of an audit row|REPLACE INTO audit(id, at, user, tbl, row_key, action) VALUES (1, 'x', 'x', 'area', '1', 'insert')
upsert of an audit row|INSERT INTO audit(id, at, user, tbl, row_key, action) VALUES (1, 'x', 'x', 'area', '1', 'insert') ON CONFLICT(id) DO UPDATE SET user = 'x'
UPDATE OR REPLACE of the audit ids|UPDATE OR REPLACE audit SET id = id + 1000000
a forged audit row|INSERT INTO audit(at, user, tbl, row_key, action) VALUES ('2024-01-01T00:00:00Z', '$ME', 'area', '1', 'delete')
SQL_END
