# Restricted mode, forced by the system configuration: the shared database whatever --db or
# KIEUMAU_DB say, exports only as plain names into the export directory, no demo, files created
# for the group only.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 11

mkdir -p "$tmp/etc" "$tmp/exports"
printf '[database]\npath = %s\n[security]\nrestricted = yes\nexport_dir = %s\n' \
	"$tmp/shared.db" "$tmp/exports" >"$tmp/etc/config.ini"
export KIEUMAU_SYSCONFDIR="$tmp/etc"
K=$KM_BUILDDIR/src/kieumau

run "$K" init
check "init uses the shared database" 0 "$rc"
ok "the shared database exists" test -f "$tmp/shared.db"
run "$K" --db "$tmp/other.db" init
check "--db is refused" 1 "$rc"
ok "no other database was created" test ! -e "$tmp/other.db"
run env KIEUMAU_DB="$tmp/env.db" "$K" init
ok "KIEUMAU_DB is ignored: no such file" test ! -e "$tmp/env.db"
run "$K" report --period 2025 --format csv --output "$tmp/outside.csv"
check "an export outside the export directory is refused" "1:no" "$rc:$(test -e "$tmp/outside.csv" && echo yes || echo no)"
run "$K" report --period 2025 --format csv --output r.csv
check "a plain name goes to the export directory" "0:yes" "$rc:$(test -s "$tmp/exports/r.csv" && echo yes || echo no)"
check "the export is not readable by others" "rw-rw----" "$(stat -c %A "$tmp/exports/r.csv" | cut -c2-10)"
run "$K" --demo --script /dev/null
check "--demo is refused" 1 "$rc"
# The demo writes outside the audit log: not into the shared database either.
areas=$("$K" areas --format csv)
run "$K" --lang en demo --force
check "demo is refused" "1:kieumau: demo is not allowed here (restricted mode)" "$rc:$err"
check "... and wrote nothing" "$areas" "$("$K" areas --format csv)"
