# Access control from the command line and the TUI, as the current login: single-user mode, the
# first user (an administrator), stepping down to a commune cadre of Lạc Xuân once another
# administrator exists; then ticking in Ka Đô refused and in Lạc Xuân allowed, recognition and
# adding areas in Ka Đô refused, Space in the TUI on a Ka Đô village refused on the message line
# with nothing changed; the user list; unknown logins read-only, or shut out by the system
# configuration ([access] unknown = none).
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 53

ME=$(id -un)
# The system configuration of these tests, not the machine's.
KIEUMAU_SYSCONFDIR=$tmp/etc
export KIEUMAU_SYSCONFDIR
mkdir -p "$KIEUMAU_SYSCONFDIR"
kme() { km --lang en "$@"; }      # messages checked in English (the default is Vietnamese)
# state AREA CODE: "self_state,appraisal_state" of a criterion of a village.
state() { km status "$1" --format csv | csv_get "$2" self_state appraisal_state; }

# ---- single-user mode
run km areas add --parent "Lạc Xuân" "Thôn 1"
check "single-user mode: a village added in Lạc Xuân" "0 24934-01	Thôn 1" "$rc $out"
run km areas add --parent "Ka Đô" "Thôn 1"
check "single-user mode: a village added in Ka Đô" "0 24943-01	Thôn 1" "$rc $out"
run kme user list
check "user list: none yet, exit 0" 0 "$rc"
has "user list: single-user mode is said" "$out" "single-user"
run kme user list --format csv
check "user list --format csv: the header only" "0 name,role,scope_code,scope" "$rc $out"

# ---- the first user, the last administrator
run kme user add "$ME" --role commune --scope "Lạc Xuân"
check "a first user who is not an administrator: exit 1" 1 "$rc"
has "a first user who is not an administrator: why" "$err" "first user must be an administrator"
run kme user add "$ME" --role admin
check "user add me --role admin: exit 0, nothing on stderr" "0:" "$rc:$err"
run kme user add "$ME" --role admin
check "the same user twice: exit 1" 1 "$rc"
has "the same user twice: why" "$err" "already a user"
run kme user set "$ME" --role commune --scope "Lạc Xuân"
check "the last administrator cannot step down: exit 1" 1 "$rc"
has "the last administrator cannot step down: why" "$err" "last administrator"
run kme user add nva --role commune
check "a commune cadre without a scope: exit 1" 1 "$rc"
has "a commune cadre without a scope: why" "$err" "scope"
run kme user add nva --role chief --scope "Lạc Xuân"
check "an unknown role: exit 1" 1 "$rc"
has "an unknown role: the roles are named" "$err" "viewer, village, commune, district, admin"
run km user add admin2
check "user add without --role: usage, exit 2" 2 "$rc"
run km user add admin2 --role admin
check "another administrator added" "0:" "$rc:$err"
run km user set "$ME" --role commune --scope "Lạc Xuân"
check "now I step down to commune cadre of Lạc Xuân" "0:" "$rc:$err"

# ---- as commune cadre of Lạc Xuân
run kme tick "Ka Đô/Thôn 1" VH01
check "tick in Ka Đô: exit 1" 1 "$rc"
has "tick in Ka Đô: the area refused is named" "$err" "Ka Đô › Thôn 1"
has "tick in Ka Đô: the user, role and scope are named" "$err" "$ME, commune cadre, Lạc Xuân"
check "tick in Ka Đô: nothing recorded" "not_assessed,not_assessed" "$(state "Ka Đô/Thôn 1" VH01)"
run km tick "Lạc Xuân/Thôn 1" VH01
check "tick in Lạc Xuân: exit 0" "0:" "$rc:$err"
run km tick "Lạc Xuân/Thôn 1" VH01 --stage appraisal
check "tick in Lạc Xuân at the appraisal stage: exit 0" "0:" "$rc:$err"
check "both stages recorded in Lạc Xuân" "met,met" "$(state "Lạc Xuân/Thôn 1" VH01)"
run kme recognise "Lạc Xuân/Thôn 1" --year "$YEAR" --level district --decision 12/QĐ-UBND --date 01/06/2024
check "recognise (the district's decision): exit 1" 1 "$rc"
has "recognise: refused for the role, naming the village" "$err" "district's decisions for Lạc Xuân › Thôn 1"
run kme areas add --parent "Ka Đô" X
check "areas add under Ka Đô: exit 1" 1 "$rc"
has "areas add under Ka Đô: Ka Đô is named" "$err" "Ka Đô is outside your area"
lacks "areas add under Ka Đô: X not added" "$(km areas --format csv)" ",X,"
run km areas add --parent "Lạc Xuân" "Thôn 2"
check "areas add under Lạc Xuân: exit 0" "0 24934-02	Thôn 2" "$rc $out"
run kme user add nva --role viewer
check "a commune cadre cannot add users: exit 1" 1 "$rc"
has "a commune cadre cannot add users: why" "$err" "only an administrator"

# ---- the TUI, headless: Space on a Ka Đô village's criterion
KM_OPTS="--lang en"
script_run ka \
	"/" ":type ka do" "Enter" "Enter j Enter" ":dump $tmp/k1" \
	"j j j Space" ":dump $tmp/k2" "q"
check "TUI: exit 0, nothing on stderr" "0:" "$rc:$err"
has "TUI: Ka Đô's village is open" "$(row 0 "$(dump k1)")" "Ka Đô › Thôn 1"
has "TUI: the refusal is on the message line" "$(row 22 "$(dump k2)")" "Ka Đô › Thôn 1 is outside your area"
check "TUI: VH01 still not assessed on screen" "[-]" "$(box VH01 "$(dump k2)")"
check "TUI: nothing changed (status)" "not_assessed,not_assessed" "$(state "Ka Đô/Thôn 1" VH01)"
script_run lx \
	"/" ":type lac xuan" "Enter" "Enter j Enter" ":dump $tmp/l1" \
	"j j j Space" ":dump $tmp/l2" "q"
has "TUI: Lạc Xuân's village is open" "$(row 0 "$(dump l1)")" "Lạc Xuân › Thôn 1"
check "TUI: Space in Lạc Xuân changes VH01 (met -> not met)" "not_met,met" \
	"$(state "Lạc Xuân/Thôn 1" VH01)"

# ---- the user list
run km user list --format csv
check "user list --format csv: both users, by name" \
	"$(printf 'name,role,scope_code,scope\nadmin2,admin,,\n%s,commune,24934,Lạc Xuân' "$ME" | sort)" \
	"$(printf '%s\n' "$out" | sort)"
run kme user list
check "user list (text): exit 0" 0 "$rc"
has "user list (text): my role and scope" "$(line_of "$out" "$ME")" "commune cadre"
has "user list (text): my scope's path and code" "$(line_of "$out" "$ME")" "Đơn Dương › Lạc Xuân  (24934)"

# ---- unknown logins: another database whose only user is someone else
DB=$tmp/u.db
km user add admin2 --role admin >/dev/null
run km areas --format csv
check "an unknown login reads (read is the default)" 0 "$rc"
run kme areas add --parent "Lạc Xuân" "Thôn 9"
check "an unknown login writes nothing: exit 1" 1 "$rc"
has "an unknown login writes nothing: why" "$err" "not a registered user"
printf '[access]\nunknown = none\n' >"$KIEUMAU_SYSCONFDIR/config.ini"
run kme areas
check "unknown = none: even reading is refused, exit 1" 1 "$rc"
has "unknown = none: not allowed, said at start" "$err" "$ME is not a user of this database: not allowed"
script_run none "q"
check "unknown = none: the TUI refuses at start" 1 "$rc"
printf '[access]\nunknown = maybe\n' >"$KIEUMAU_SYSCONFDIR/config.ini"
run kme areas
has "a bad [access] value: refused, and the line is named" "$err" "config.ini:2: unknown must be read or none"
printf '[access]\nunknown = read\n' >"$KIEUMAU_SYSCONFDIR/config.ini"
run km areas --format csv
check "unknown = read: reading again" 0 "$rc"
