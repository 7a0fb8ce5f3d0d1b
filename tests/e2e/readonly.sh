# A database that cannot be written: the file read-only (mode 0444), its directory read-only (no
# room for the -wal and -shm files that WAL mode needs), its file system mounted read-only. The
# program, run as an unprivileged user (root ignores permissions), opens it for reading (lists,
# reports, check) and refuses every write with a clear message that names the reason, from the
# command line and in the TUI; the file is left exactly as it was.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 38

KIEUMAU_TODAY=2024-12-31
export KIEUMAU_TODAY
# as_user CMD...: CMD as an unprivileged user (nobody), or as ourselves when we are not root.
AS_USER=
[ "$(id -u)" = 0 ] && AS_USER="setpriv --reuid=65534 --regid=65534 --clear-groups --"
as_user() { $AS_USER "$@"; }
# That user's own home and settings; the test's files readable by it.
chmod 755 "$tmp"
mkdir -p "$tmp/user"
[ "$(id -u)" = 0 ] && chown 65534:65534 "$tmp/user"
HOME=$tmp/user XDG_DATA_HOME=$tmp/user/d XDG_CONFIG_HOME=$tmp/user/c XDG_STATE_HOME=$tmp/user/s
export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_STATE_HOME
if ! as_user test -x "$KM"; then
	echo "Bail out! $KM cannot be run by an unprivileged user (a directory above it is private)"
	exit 1
fi
kmu() { as_user "$KM" --db "$DB" --lang en "$@"; }

# The data, made as ourselves: a village with two entries and a commendation.
mkdir "$tmp/master"
DB=$tmp/master/x.db
km init >/dev/null
km areas add --parent "Lạc Xuân" "Thôn 1" >/dev/null
km resources add --area 24934-01 --date 01/03/2024 --source residents --form cash --value 1500000 \
	--work "Đường thôn" >/dev/null
km resources add --area 24934-01 --date 02/03/2024 --source commune --form cash --value 2000000 >/dev/null
km award add --recipient-kind household --recipient "Hộ Lê Văn A" --area 24934-01 --form "giấy khen" \
	--level commune --decision 7/QĐ --date 01/06/2024 >/dev/null
entries=$(km resources list --format csv)
printf 'date,area_code,source,form,quantity,unit,value,work,contributor,note\n01/03/2024,24934-01,residents,cash,,đ,2500,,,\n' >"$tmp/rows.csv"
chmod 644 "$tmp/rows.csv"

# place NAME FILE_MODE DIR_OWNER: a copy of the database as $tmp/NAME/x.db (then $DB), the
# directory owned by root (mode 0755: the user cannot write in it) or by the user. (Not as root:
# the user is ourselves, a directory "owned by root" is made read-only, 0555.)
place() {
	mkdir -m 755 "$tmp/$1"
	cp "$tmp/master/x.db" "$tmp/$1/x.db"
	chmod "$2" "$tmp/$1/x.db"
	if [ "$(id -u)" = 0 ]; then
		[ "$3" = root ] || chown 65534:65534 "$tmp/$1"
	elif [ "$3" = root ]; then
		chmod 555 "$tmp/$1"
	fi
	DB=$tmp/$1/x.db
}
# (lib.sh removes $tmp at the exit: make it writable again first.)
trap 'chmod -R u+w "$tmp" 2>/dev/null; cleanup' EXIT
# reads_and_refuses WHAT WHY: the reads work, the writes are refused naming WHY, the file is
# unchanged. 8 tests.
reads_and_refuses() {
	cp "$DB" "$tmp/before.db"
	run kmu resources list --format csv
	check "$1: the entries can be listed" "0 $entries" "$rc $out"
	run kmu report --period 2024 --area 24934 --format csv
	r_line=$(printf '%s\n' "$out" | grep -m1 'Thôn 1')
	check "$1: a report can be made" "0 yes" "$rc $([ -n "$r_line" ] && echo yes)"
	run kmu check
	check "$1: check runs and passes" "0" "$rc"
	run kmu resources add --area 24934-01 --date 03/03/2024 --source residents --form cash --value 1000
	check "$1: adding an entry is refused: exit 1, nothing on stdout" "1:" "$rc:$out"
	has "$1: the message says the database is read-only, and why" "$err" \
		"the database is read-only: nothing can be saved ($2)"
	run kmu import resources "$tmp/rows.csv"
	has "$1: an import is refused the same way" "$rc $err" "1 kieumau: the database is read-only"
	run kmu award add --recipient-kind household --recipient "Hộ B" --area 24934-01 \
		--form "giấy khen" --level commune --decision 8/QĐ --date 01/06/2024
	has "$1: a commendation is refused the same way" "$rc $err" "1 kieumau: the database is read-only"
	ok "$1: the file is exactly as it was" cmp -s "$DB" "$tmp/before.db"
}

# ---- the file read-only, in a directory the user cannot write to either
place ro-file 444 root
reads_and_refuses "file 0444" "no permission to write to $DB"
check "nothing was left beside it" "x.db" "$(ls "$tmp/ro-file")"
version=$(sqlite3 "$DB" "PRAGMA user_version")
run kmu init
check "init says it is ready, and read-only" "0 Database ready: $DB (schema version $version)
It is read-only (no permission to write to $DB): it can be read, not changed." "$rc $out"

# ---- the file read-only, in the user's own directory (the -wal and -shm files can be made)
place ro-file-own-dir 444 user
reads_and_refuses "file 0444 in the user's directory" "no permission to write to $DB"

# ---- the file writable, its directory not: WAL mode cannot make its -wal and -shm files
place ro-dir 666 root
reads_and_refuses "directory read-only" "no permission to write in $tmp/ro-dir, where its -wal and -shm files go"

# ---- while another session has the database open (its -wal and -shm files exist then)
# (As root only: the session that writes is another user than the reader.)
if [ "$(id -u)" = 0 ]; then
	place ro-dir-busy 644 root
	mkfifo "$tmp/hold"
	# A session that holds the database open: a TUI waiting for its script (a FIFO) to open.
	"$KM" --db "$DB" --script "$tmp/hold" </dev/null >/dev/null 2>&1 &
	holder=$!
	i=0
	while [ ! -e "$DB-shm" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	run kmu resources list --format csv
	check "another session has it open: the entries can be listed" "0 $entries" "$rc $out"
	run kmu resources add --area 24934-01 --date 03/03/2024 --source residents --form cash --value 1000
	has "and adding one is refused, naming the file" "$rc $err" \
		"1 kieumau: the database is read-only: nothing can be saved (no permission to write to $DB)"
	# What the other session writes meanwhile is seen.
	km resources add --area 24934-01 --date 04/03/2024 --source residents --form cash --value 4000 >/dev/null
	run kmu resources list --format csv
	has "a change the other session makes is seen" "$out" "04/03/2024,24934-01,residents,cash,,đ,4000"
	: >"$tmp/hold"   # the holder's script opens, empty: it ends
	wait "$holder"
else
	skip_n 3 "not root: the writer and the reader would be the same user"
fi

# ---- a file system mounted read-only (a bind mount, in a mount namespace of our own)
place ro-mount 644 root
mkdir "$tmp/mnt"
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
	# shellcheck disable=SC2016
	unshare -m --propagation private sh -c '
		mount --bind "$1" "$2" && mount -o remount,bind,ro "$2" || exit 3
		"$3" --db "$2/x.db" --lang en resources list --format csv >"$4.list" 2>&1
		echo $? >>"$4.list"
		"$3" --db "$2/x.db" --lang en resources add --area 24934-01 --date 03/03/2024 \
			--source residents --form cash --value 1000 >"$4.add" 2>&1
		echo $? >>"$4.add"' sh "$tmp/ro-mount" "$tmp/mnt" "$KM" "$tmp/mount"
	if [ $? = 3 ]; then
		skip_n 2 "cannot mount here"
	else
		check "read-only file system (even for root): the entries can be listed" "$entries
0" "$(cat "$tmp/mount.list")"
		check "and adding one is refused, naming the reason" \
			"kieumau: the database is read-only: nothing can be saved (its file system is mounted read-only)
1" "$(cat "$tmp/mount.add")"
	fi
else
	skip_n 2 "not root, or no mount namespaces here"
fi

# ---- the TUI on the read-only file: browse, the ledger shows the entries, a save is refused in
# the form (the typed text stays), the terminal is restored
if ! have_tmux; then
	skip_n 8 "tmux not installed"
	exit 0
fi
DB=$tmp/ro-file/x.db
tui_start 80x24 $AS_USER "$KM" --db "$DB" --lang en --year 2024
ok "the TUI starts and says the database is read-only" \
	wait_for "The database is read-only: you can browse and make reports, not save"
has "its header says READ-ONLY" "$(row 0 "$scr")" "READ-ONLY"
keys /
type_text "thon 1"
keys Enter
wait_for_row 0 "Thôn 1" >/dev/null
keys m
ok "the ledger shows the entries" wait_for "Đường thôn"
keys a
wait_for "New resource entry" >/dev/null
keys Tab Tab Tab Tab Tab
type_text "3000"
keys Enter
ok "saving is refused: the reason on the screen" wait_for "the database is read-only: nothing can be saved"
has "the typed value stays in the form" "$(line_of "$scr" "Value (đồng) *")" "3000"
keys Escape
wait_for "Throw away" >/dev/null
keys y q
tui_ended
check "the TUI exits normally" 0 "$dead_status"
check "the terminal is restored: alternate screen left, cursor shown, tty settings as before" \
	yes "$term_restored"
