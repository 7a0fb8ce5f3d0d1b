# Access control in the TUI (headless, through --script), as a commune cadre of Lạc Xuân: every kind
# of edit tried on Ka Đô's village (outside the scope) is refused with the reason on the screen and
# writes nothing (the database file byte for byte the same); the same keys on Lạc Xuân's village
# (inside) save, which shows the keys do reach the save. Kinds: a tick, a fact, a commendation
# added, edited and deleted, a ledger entry added, edited and deleted, a cycle step recorded, a
# registration cancelled, a village added and renamed in the tree. No TUI action changes an audit
# row: after the allowed edits, every earlier row is as it was.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "1..0 # SKIP no sqlite3 tool"; exit 0; }

ME=$(id -un)
mkdir -p "$KIEUMAU_SYSCONFDIR"
setup() {
	run km --lang en "$@"
	[ "$rc" = 0 ] || { echo "Bail out! setup failed: $* -> $rc: $err"; exit 1; }
}
setup init
setup areas add --parent "Lạc Xuân" "Thôn 1"
setup areas add --parent "Ka Đô" "Thôn 1"
for v in 24934-01 24943-01; do
	setup register "$v" --year 2024 --title model --date 01/02/2024
	setup facts "$v" --year 2024 --households 100
	setup award add --recipient-kind household --recipient "Hộ A" --area "$v" --form "Giấy khen" \
		--level commune --decision 2/QĐ --date 01/03/2024
	setup resources add --area "$v" --date 01/03/2024 --source residents --form cash --value 1000000
done
setup user add "$ME" --role admin
setup user add admin2 --role admin
setup user set "$ME" --role commune --scope "Lạc Xuân"
cp "$DB" "$tmp/commune.db"
fingerprint() { cksum <"$DB"; }
base_fp=$(fingerprint)
base_max=$(sqlite3 "$DB" "SELECT max(id) FROM audit")
audit_upto() { sqlite3 "$DB" "SELECT * FROM audit WHERE id <= $base_max ORDER BY id" | cksum; }
base_audit=$(audit_upto)

KM_OPTS="--lang en --year 2024"
# edit NAME PLACE KEYS...: on a fresh copy of the commune cadre's database, opens the checklist of
# Thôn 1 of PLACE ("ka do" or "lac xuan"), types KEYS, dumps the screen to $tmp/NAME; $scr is it.
edit() {
	e_name=$1 e_place=$2
	shift 2
	tree NAME "/" ":type $e_place" "Enter" "Enter j Enter" "$@"
}
# tree NAME KEYS...: the same from the area tree.
tree() {
	t_name=$1
	shift
	cp "$tmp/commune.db" "$DB"
	[ "$t_name" != NAME ] || t_name=$e_name
	script_run "$t_name" "$@" ":dump $tmp/$t_name" "q"
	scr=$(dump "$t_name")
}
# refused KIND: the run ended well, the screen gives the reason, the database is unchanged.
refused() {
	check "$1 outside the scope: refused on the screen, nothing written" \
		"0 yes $base_fp" "$rc $(case $scr in *"Ka Đô"*" is outside your area: you ("*) echo yes ;; esac) $(fingerprint)"
}
# allowed KIND: saved; the audit rows from before the run are all as they were, the new ones by
# this login.
allowed() {
	check "$1 inside the scope: saved, earlier audit rows untouched, the new ones by $ME" \
		"0 changed $base_audit yes" \
		"$rc $([ "$(fingerprint)" != "$base_fp" ] && echo changed) $(audit_upto) $(sqlite3 "$DB" \
			"SELECT count(*) > 0 AND count(*) = sum(user = '$ME') FROM audit WHERE id > $base_max" |
			sed 's/^1$/yes/')"
}
plan 24

# ---- a tick (Space on VH01, a yes/no criterion), and a fact
edit tick "ka do" "j j j Space"
refused "a tick"
edit tick-ok "lac xuan" "j j j Space"
allowed "a tick"
edit fact "ka do" "f" "Enter" "C-u" ":type 120" "Enter"
refused "a fact"
edit fact-ok "lac xuan" "f" "Enter" "C-u" ":type 120" "Enter"
allowed "a fact"

# ---- a commendation: added (commune level), edited (its note), deleted
add_award='A|a|Tab Tab|:type Giấy khen|Tab Left|Tab Tab|:type 7/QĐ|Tab|:type 01/04/2024|Enter'
IFS='|'
set -- $add_award
unset IFS
edit award-add "ka do" "$@"
refused "a commendation added"
edit award-add-ok "lac xuan" "$@"
allowed "a commendation added"
edit award-edit "ka do" "A" "Enter" "Tab Tab Tab Tab Tab Tab Tab Tab Tab" ":type sửa" "Enter"
refused "a commendation edited"
edit award-edit-ok "lac xuan" "A" "Enter" "Tab Tab Tab Tab Tab Tab Tab Tab Tab" ":type sửa" "Enter"
allowed "a commendation edited"
edit award-delete "ka do" "A" "x" "y"
refused "a commendation deleted"
edit award-delete-ok "lac xuan" "A" "x" "y"
allowed "a commendation deleted"

# ---- a ledger entry: added, edited (its value), deleted
edit entry-add "ka do" "m" "a" "Tab Tab Tab Tab Tab" ":type 1,5 triệu" "Enter"
refused "a ledger entry added"
edit entry-add-ok "lac xuan" "m" "a" "Tab Tab Tab Tab Tab" ":type 1,5 triệu" "Enter"
allowed "a ledger entry added"
edit entry-edit "ka do" "m" "Enter" "Tab Tab Tab Tab Tab" "C-u" ":type 2 triệu" "Enter"
refused "a ledger entry edited"
edit entry-edit-ok "lac xuan" "m" "Enter" "Tab Tab Tab Tab Tab" "C-u" ":type 2 triệu" "Enter"
allowed "a ledger entry edited"
edit entry-delete "ka do" "m" "x" "y"
refused "a ledger entry deleted"
edit entry-delete-ok "lac xuan" "m" "x" "y"
allowed "a ledger entry deleted"

# ---- the cycle: the self-assessment step recorded (today), the registration cancelled
edit step "ka do" "R" "j" "Enter" "Enter"
refused "a cycle step"
edit step-ok "lac xuan" "R" "j" "Enter" "Enter"
allowed "a cycle step"
edit cancel "ka do" "R" "x" "y"
refused "a registration cancelled"
edit cancel-ok "lac xuan" "R" "x" "y"
allowed "a registration cancelled"

# ---- the tree: a village added under the commune, the village renamed
tree add "/" ":type ka do" "Enter" "a" ":type Thôn 9" "Enter"
refused "a village added"
tree add-ok "/" ":type lac xuan" "Enter" "a" ":type Thôn 9" "Enter"
allowed "a village added"
tree rename "/" ":type ka do" "Enter" "Enter j" "r" "C-u" ":type Thôn Chín" "Enter"
refused "a village renamed"
tree rename-ok "/" ":type lac xuan" "Enter" "Enter j" "r" "C-u" ":type Thôn Chín" "Enter"
allowed "a village renamed"
