# A full disk: a write from the command line, a CSV import that does not fit, and a save in the
# TUI each fail with a message naming the cause, the program does not crash, the TUI stays usable
# (the typed entry stays in the form and is saved once there is room again) and leaves the
# terminal as it was, and nothing is half written: `check` passes and the data is exactly what
# was saved. With no session holding the database open (no room then for the WAL's files), it
# still opens for reading and refuses writes, naming the cause.
#
# Two ways to run out of room, each a real limit of the operating system:
#  - tmpfs: a small tmpfs, filled up (root with CAP_SYS_ADMIN: the test runs in a mount namespace
#    of its own, so the mount goes away with it);
#  - fsize: a limit on the size of files (RLIMIT_FSIZE, as `ulimit -f` sets), which needs no
#    privilege: the test runs it everywhere (the program catches SIGXFSZ itself).
# KM_DISKFULL_WAYS=fsize runs only the second, as where mounting is not allowed.
if [ -z "$KM_DISKFULL_NS" ] && [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
	KM_DISKFULL_NS=$(readlink /proc/self/ns/mnt)   # the namespace left behind
	export KM_DISKFULL_NS
	exec unshare -m --propagation private "${SHELL:-/bin/sh}" "$0" "$@"
fi
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"

KIEUMAU_TODAY=2024-12-31
export KIEUMAU_TODAY
PER_WAY=20
mkdir "$tmp/probe"
if [ "${KM_DISKFULL_WAYS:-tmpfs}" != fsize ] && [ -n "$KM_DISKFULL_NS" ] &&
	[ "$(readlink /proc/self/ns/mnt)" != "$KM_DISKFULL_NS" ] &&
	mount -t tmpfs -o size=8m tmpfs "$tmp/probe" 2>/dev/null; then
	umount "$tmp/probe"
	ways="tmpfs fsize"
else
	ways=fsize
fi
set -- $ways
plan $(($# * PER_WAY))
diag "ways to fill the disk: $ways"

# An import too big for the room left: 5000 rows, several MB of WAL.
awk 'BEGIN {
	print "date,area_code,source,form,quantity,unit,value,work,contributor,note"
	for (i = 0; i < 5000; i++)
		printf "%02d/%02d/2024,24934-01,residents,cash,,,%d,\"Đường thôn, đoạn %d\",Hộ %d,\n",
			i % 28 + 1, i % 12 + 1, (i % 997 + 1) * 1000, i, i
}' >"$tmp/big.csv"

# full_on KB: leaves KB KiB of room (0: none) for what runs under $LIMIT, and in the running
# TUI. full_off: room again.
full_on() {
	if [ "$way" = tmpfs ]; then
		rm -f "$dir/filler"
		if [ "$1" = 0 ]; then
			dd if=/dev/zero of="$dir/filler" bs=4k 2>/dev/null
		else
			f_n=$(($(df -k --output=avail "$dir" | tail -n 1) - $1))
			[ "$f_n" -le 0 ] || dd if=/dev/zero of="$dir/filler" bs=1k count="$f_n" 2>/dev/null
		fi
		LIMIT=
	else
		# Files may not grow past this (the WAL, the -shm file); error messages still fit.
		LIMIT="prlimit --fsize=$(($1 * 1024 + 8192)):unlimited --"
	fi
}
full_off() {
	rm -f "$dir/filler"
	LIMIT=
	[ -z "$1" ] || prlimit --pid "$1" --fsize=unlimited:unlimited
}
# tui_pid: the program running in the tmux pane (below the shells that started it).
tui_pid() {
	t_p=$(tm display -p -t "$tm_s" '#{pane_pid}')
	while [ -n "$t_p" ]; do
		[ "$(cat "/proc/$t_p/comm" 2>/dev/null)" = kieumau ] && { echo "$t_p"; return; }
		t_next=
		read -r t_next t_rest 2>/dev/null <"/proc/$t_p/task/$t_p/children"
		t_p=$t_next
	done
}
# consistent: `check` passes and the audit log has a line for every row (nothing is deleted in
# this test). Sets $why otherwise.
consistent() {
	c_out=$(km --lang en check --format csv 2>&1) || { why="check failed: $c_out"; return 1; }
	c_log=$(printf '%s\n' "$c_out" | sed -n 's/^audit_log,ok,0,"\(.*\)"$/\1/p' | tr -d .)
	c_added=$(printf '%s\n' "$c_log" | sed -n 's/.*(\([0-9]*\) added, [0-9]* changed, 0 deleted).*/\1/p')
	c_rows=$(printf '%s\n' "$c_log" | sed -n 's/.*; \([0-9]*\) rows of data.*/\1/p')
	why=
	[ -n "$c_added" ] && [ "$c_added" = "$c_rows" ] || why="the audit log does not match the data: $c_log"
	[ -z "$why" ]
}
values() { km resources list --format csv | awk -F, 'NR > 1 { print $7 }' | sort -n | tr '\n' ' '; }

for way in $ways; do
	dir=$tmp/$way
	mkdir "$dir"
	if [ "$way" = tmpfs ]; then
		mount -t tmpfs -o size=8m tmpfs "$dir"
		cause="the disk is full (no space left on the device)"
		short="the disk is full"
	else
		cause="the size limit for files was reached (file too large)"
		short="the size limit for files was reached"
	fi
	DB=$dir/x.db
	LIMIT=
	km init >/dev/null
	km areas add --parent "Lạc Xuân" "Thôn 1" >/dev/null
	km resources add --area 24934-01 --date 01/03/2024 --source residents --form cash --value 1000 >/dev/null
	# Another session has the database open, as on a server: its -wal and -shm files stay. (A TUI
	# waiting for its script, a FIFO, to open.)
	mkfifo "$tmp/hold.$way"
	"$KM" --db "$DB" --script "$tmp/hold.$way" </dev/null >/dev/null 2>&1 &
	holder=$!
	i=0
	while [ ! -e "$DB-shm" ] && [ "$i" -lt 100 ]; do sleep 0.05; i=$((i + 1)); done

	# ---- a write from the command line
	full_on 0
	run $LIMIT "$KM" --db "$DB" --lang en resources add --area 24934-01 --date 02/03/2024 \
		--source residents --form cash --value 2000
	full_off
	check "$way: a write on a full disk fails: exit 1, nothing on stdout" "1:" "$rc:$out"
	check "$way: the message names the cause" "kieumau: cannot save: $cause; nothing was saved" "$err"
	check "$way: nothing was saved" "1000 " "$(values)"
	consistent
	check "$way: check passes, the audit log matches the data" "" "$why"

	# ---- a save in the TUI; then room again: the same form saves (before the import, whose
	# rolled-back pages leave room in the WAL file for a small write)
	full_on 0
	tui_start 80x24 $LIMIT "$KM" --db "$DB" --lang en --year 2024
	wait_drawn >/dev/null
	keys /
	type_text "thon 1"
	keys Enter
	wait_for_row 0 "Thôn 1" >/dev/null
	keys m
	wait_for "1.000" >/dev/null
	keys a
	wait_for "New resource entry" >/dev/null
	keys Tab Tab Tab Tab Tab
	type_text "4321"
	keys Tab
	type_text "Mương thoát nước"
	keys Enter
	ok "$way: a save in the TUI on a full disk: the cause on the screen" wait_for "$short"
	has "$way: the typed value stays in the form" "$(line_of "$scr" "Value (đồng) *")" "4321"
	has "$way: and the typed work" "$(line_of "$scr" "Work")" "Mương thoát nước"
	full_off "$(tui_pid)"
	keys Enter
	ok "$way: with room again, Enter in the same form saves it" wait_for "Saved:"
	keys q
	tui_ended
	check "$way: the TUI exits normally" 0 "$dead_status"
	check "$way: the terminal is restored (alternate screen left, cursor shown, tty settings)" yes \
		"$term_restored"
	check "$way: the entry was saved once" "1000 4321 " "$(values)"
	consistent
	check "$way: check passes, the audit log matches the data" "" "$why"

	# ---- an import that does not fit in what is left
	full_on 256
	run $LIMIT "$KM" --db "$DB" --lang en import resources "$tmp/big.csv"
	full_off
	check "$way: an import that does not fit fails: exit 1, nothing on stdout" "1:" "$rc:$out"
	has "$way: the message names the cause" "$err" "$cause; nothing was saved"
	check "$way: nothing of it was imported" "1000 4321 " "$(values)"
	consistent
	check "$way: check passes, the audit log matches the data" "" "$why"

	# ---- no session holding it open: no room for the WAL's files; it opens for reading
	: >"$tmp/hold.$way"   # the holder's script opens, empty: it ends
	wait "$holder"
	full_on 0
	run $LIMIT "$KM" --db "$DB" --lang en resources list --format csv
	l_rc=$rc l_out=$(printf '%s\n' "$out" | awk -F, 'NR > 1 { print $7 }' | sort -n | tr '\n' ' ')
	run $LIMIT "$KM" --db "$DB" --lang en resources add --area 24934-01 --date 02/03/2024 \
		--source residents --form cash --value 2000
	full_off
	check "$way: with no room for the WAL's files the entries can still be listed" "0 1000 4321 " \
		"$l_rc $l_out"
	check "$way: a write is refused naming the cause" 1 "$rc"
	has "$way: the message" "$err" "the database is read-only: nothing can be saved"
	consistent
	check "$way: check passes afterwards, nothing changed" "1000 4321 :" "$(values):$why"
	if [ "$way" = tmpfs ]; then umount "$dir"; fi
done
