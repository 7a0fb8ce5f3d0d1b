# Crash consistency: the program killed (SIGKILL) at random moments, KM_CRASH_TRIALS (default 100)
# times during a CSV import and as many times during scripted editing (successive command-line
# writes: a resource entry, a tick, a commendation). After every kill the database opens again
# (WAL recovery), passes `check`, its audit log has a line for every row, and it holds exactly what
# was committed: the import all or nothing; every write that reported success once, the one in
# flight entirely or not at all, nothing else.
#
# Where each kill landed is read from the kernel's lock table while the process is frozen
# (SIGSTOP, then SIGKILL): SQLite holds the WAL write lock (byte 120 of the -shm file) from BEGIN
# IMMEDIATE to the end of the commit, and the checkpoint lock (byte 121) while it copies the WAL
# back into the database when the last connection closes.
#
# Each delay is a fraction (from a seeded sequence, printed: KM_CRASH_SEED=N reproduces it) of
# 1.25 times how long a run lasts. That length is measured first, then follows the trials: the
# other tests running in parallel make it change; a run that ended before its kill shortens it a
# little, one killed while running lengthens it less, so that about a fifth of the kills come
# after the end, as with a fixed length.
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 9

TRIALS=${KM_CRASH_TRIALS:-100}
SEED=${KM_CRASH_SEED:-$(date +%s)}
ROWS=2600            # the imported file: big enough for the transaction to take a while
VILLAGE=24934-01     # Lạc Xuân › Thôn 1, where the editing writes go
diag "seed $SEED (KM_CRASH_SEED=$SEED reproduces the delays as fractions of a run), $TRIALS trials of each kind"
KIEUMAU_TODAY=2024-12-31
export KIEUMAU_TODAY

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# fractions SEED: $TRIALS fractions in 1/10000, uniform in [0, 10000).
fractions() {
	awk -v seed="$1" -v n="$TRIALS" 'BEGIN { srand(seed); for (i = 0; i < n; i++) print int(rand() * 10000) }'
}
# delay_for FRACTION: sets $delay, in seconds for sleep, to FRACTION of 1.25 times $span_us.
delay_for() {
	d_us=$(($1 * span_us / 8000))
	delay=$((d_us / 1000000)).$(printf %06d $((d_us % 1000000)))
}
# follow ENDED: adapts $span_us to the last trial (ENDED: "yes" if the run ended before its kill).
follow() {
	if [ "$1" = yes ]; then span_us=$((span_us * 93 / 100)); else span_us=$((span_us * 102 / 100)); fi
}
# proc_state PID: sets $p_state to the state letter of the process (R, S, T stopped, Z ended...),
# "" if it is gone (no subshell: it is called in loops).
proc_state() {
	p_state=
	read -r p_state 2>/dev/null <"/proc/$1/stat"
	p_state=${p_state##*) }
	p_state=${p_state%% *}
}
# freeze PID: stops the process and waits until it is stopped (or has ended). A process in
# uninterruptible sleep (D) stops when its system call returns; one that vforked a child stopped
# before its exec never does: after a while D counts as frozen too (it runs no code meanwhile).
freeze() {
	kill -STOP "$1" 2>/dev/null || return 0
	f_tries=0
	while :; do
		proc_state "$1"
		case $p_state in
		T | t | Z | X | '') return 0 ;;
		D) [ "$f_tries" -lt 50 ] || return 0 ;;
		esac
		f_tries=$((f_tries + 1))
	done
}
# ended PID: the (frozen) process had already exited.
ended() {
	proc_state "$1"
	case $p_state in Z | X | '') return 0 ;; esac
	return 1
}
# lock_state PID: what PID holds on $DB-shm: tx (SQLite's WAL write lock: a write transaction is
# open or committing), ckpt (the checkpoint lock), or none.
lock_state() {
	l_ino=$(stat -c %i "$DB-shm" 2>/dev/null) || { echo none; return; }
	awk -v pid="$1" -v ino="$l_ino" '
		$2 == "POSIX" && $4 == "WRITE" && $5 == pid && $6 ~ (":" ino "$") {
			if ($7 == 120) tx = 1
			else if ($7 == 121) ck = 1
		}
		END { print tx ? "tx" : ck ? "ckpt" : "none" }' /proc/locks
}
# wal_left: the size of the WAL the killed process left (frames for the recovery to read or drop).
wal_left() { stat -c %s "$DB-wal" 2>/dev/null || echo 0; }
# checked: `check` passes and the audit log has one line for every row (nothing is deleted in these
# tests: rows in the audited tables = insertions logged). Sets $why on failure.
checked() {
	c_out=$("$KM" --db "$DB" --lang en check --format csv 2>&1)
	c_rc=$?
	if [ "$c_rc" != 0 ]; then
		why="check failed (exit $c_rc): $c_out"
		return 1
	fi
	# "1.013 changes logged (1.013 added, 0 changed, 0 deleted); 1.013 rows of data in ..."
	why=$(printf '%s\n' "$c_out" | awk '/^audit_log,ok,0,/ {
		s = $0; gsub(/\./, "", s); line = s
		a = s; sub(/.*logged \(/, "", a); sub(/ added.*/, "", a)
		d = s; sub(/.* changed, /, "", d); sub(/ deleted.*/, "", d)
		r = s; sub(/.*\); /, "", r); sub(/ rows.*/, "", r)
		good = d == "0" && a == r
	}
	END { if (!good) print "the audit log does not match the data: " line }')
	[ -z "$why" ]
}
# keep_failure NAME: with KEEP_TMP, the database as the failure left it.
keep_failure() { [ -z "$KEEP_TMP" ] || cp "$DB" "$tmp/$1.db" 2>/dev/null; }

# The trials' database in memory when it can be (/dev/shm): a kill leaves the same files there as
# on a disk (the kernel keeps what a killed process wrote), without waiting for the disk's syncs.
work=$tmp
if [ -d /dev/shm ] && [ -w /dev/shm ] && shm=$(mktemp -d /dev/shm/km-crash.XXXXXX 2>/dev/null); then
	work=$shm
	trap 'rm -rf "$shm"; cleanup' EXIT
fi
DB=$work/crash.db

km init >/dev/null 2>&1 || { echo "Bail out! init failed"; exit 1; }
code=$(km areas add --parent 24934 "Thôn 1" | cut -f1)
[ "$code" = "$VILLAGE" ] || { echo "Bail out! the village is $code, not $VILLAGE"; exit 1; }
cp "$DB" "$tmp/template.db"

# ---- import: all or nothing
awk -v n="$ROWS" 'BEGIN {
	split("24928 24931 24934 24937 24940 24943", area, " ")
	split("central province district commune pooled credit enterprise residents donors other", src, " ")
	print "date,area_code,source,form,quantity,unit,value,work,contributor,note"
	for (i = 0; i < n; i++)
		printf "%02d/%02d/2024,%s,%s,cash,,,%d,\"Đường thôn, đoạn %d\",Hộ %d,\n",
			i % 28 + 1, i % 12 + 1, area[i % 6 + 1], src[i % 10 + 1], (i % 997 + 1) * 1000, i, i
}' >"$tmp/rows.csv"
SUM=$(awk -v n="$ROWS" 'BEGIN { for (i = 0; i < n; i++) s += (i % 997 + 1) * 1000; printf "%.0f\n", s }')

fresh_import_db() { rm -f "$DB" "$DB-wal" "$DB-shm"; cp "$tmp/template.db" "$DB"; }
# Three whole runs: how long one lasts here (an ASan build is slower; the delays follow).
for i in 1 2 3; do
	fresh_import_db
	t0=$(now_ms)
	"$KM" --db "$DB" import resources "$tmp/rows.csv" >/dev/null 2>&1
	echo $(($(now_ms) - t0))
done >"$tmp/import.times"
span=$(sort -n "$tmp/import.times" | sed -n 2p)   # the median
span_us=$((span * 1000))
diag "an import of $ROWS rows takes about $span ms here; kills from 0 to 1.25 times a run"
fractions "$SEED" >"$tmp/import.delays"

bad=0 before=0 in_tx=0 in_tx_kept=0 in_ckpt=0 after=0 finished=0 wal=0 first_bad=
t0=$(now_ms)
n=0
while read -r fraction; do
	n=$((n + 1))
	delay_for "$fraction"
	fresh_import_db
	"$KM" --db "$DB" import resources "$tmp/rows.csv" >"$tmp/import.out" 2>"$tmp/import.err" &
	pid=$!
	sleep "$delay"
	freeze "$pid"
	state=$(lock_state "$pid")
	ended "$pid" && state=ended
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	status=$?
	if [ "$state" = ended ]; then follow yes; else follow no; fi
	[ "$(wal_left)" -gt 0 ] && wal=$((wal + 1))
	why=
	if checked; then
		totals=$("$KM" --db "$DB" resources totals --format csv 2>&1)
		count=$(printf '%s\n' "$totals" | awk -F, '$1 == "total" && $2 == "count" { print $NF }')
		value=$(printf '%s\n' "$totals" | awk -F, '$1 == "total" && $2 == "value" { print $NF }')
		case "$state:$count:$value" in
		ended:"$ROWS:$SUM")
			[ "$status" = 0 ] || why="the import ended with status $status"
			finished=$((finished + 1)) ;;
		ckpt:"$ROWS:$SUM") in_ckpt=$((in_ckpt + 1)) ;;
		tx:"$ROWS:$SUM") in_tx=$((in_tx + 1)) in_tx_kept=$((in_tx_kept + 1)) ;;
		tx:0:0) in_tx=$((in_tx + 1)) ;;
		none:"$ROWS:$SUM") after=$((after + 1)) ;;
		none:0:0) before=$((before + 1)) ;;
		*) why="killed at $state: $count entries worth $value (expected 0 or $ROWS worth $SUM): $totals" ;;
		esac
	fi
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		[ -n "$first_bad" ] || first_bad="trial $n (delay $delay s): $why"
		keep_failure "import-fail-$n"
	fi
done <"$tmp/import.delays"
secs=$(($(now_ms) - t0))
diag "a run lasted about $((span_us / 1000)) ms at the end"
check "import: $n kills, each followed by a database that passes check and holds all $ROWS entries or none" \
	"0" "$bad"
[ -z "$first_bad" ] || diag "first failure: $first_bad"
diag "import: $n kills in $secs ms: $before before the write transaction, $in_tx inside it" \
	"($in_tx_kept of those after the commit record was written: all kept), $in_ckpt during the" \
	"checkpoint after the commit, $after after it, $finished after the import had ended;" \
	"$wal left a WAL for the recovery"
ok "import: some kills landed inside the write transaction" test "$in_tx" -gt 0
ok "import: some kills landed before it, some after its commit" test "$before" -gt 0 -a $((in_ckpt + after + finished)) -gt 0

# ---- scripted editing: successive writes, each reported as committed by its exit status
# The editor, a script of its own run in a process group of its own, so that it and the write it
# is running are frozen in the same instant. `editor.sh FIRST LAST` makes writes FIRST..LAST in
# turn, logging "start G" before each and "ok G" (or "fail G") after it. The G-th write: a
# resource entry (note wG), a tick of KT01 (value G % 97 + 1: never the same twice in a row), or a
# commendation (decision G/QĐ).
cat >"$tmp/editor.sh" <<'EOF_EDITOR'
g=$1
while [ "$g" -le "$2" ]; do
	echo "start $g" >>"$LOG"
	case $((g % 3)) in
	0) "$KM" --db "$DB" resources add --area 24934 --date 01/06/2024 --source residents --form cash \
		--value "${g}000" --note "w$g" ;;
	1) "$KM" --db "$DB" tick "$VILLAGE" KT01 --year 2024 --value $((g % 97 + 1)) ;;
	2) "$KM" --db "$DB" award add --recipient-kind household --recipient "Hộ $g" --area "$VILLAGE" \
		--form "giấy khen" --level commune --decision "$g/QĐ" --date 01/06/2024 ;;
	esac >/dev/null 2>>"$LOG.err"
	if [ $? = 0 ]; then echo "ok $g"; else echo "fail $g"; fi >>"$LOG"
	g=$((g + 1))
done
EOF_EDITOR
LOG=$tmp/edit.log
export KM DB VILLAGE LOG
editor() { sh "$tmp/editor.sh" "$@"; }
PER_TRIAL=3

rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$tmp/template.db" "$DB"
: >"$LOG"
: >"$LOG.err"
for i in 1 2 3; do
	t0=$(now_ms)
	editor $((i * PER_TRIAL - PER_TRIAL + 1)) $((i * PER_TRIAL))
	echo $(($(now_ms) - t0))
done >"$tmp/edit.times"
g=$((3 * PER_TRIAL + 1))   # the next write
span=$(sort -n "$tmp/edit.times" | sed -n 2p)
span_us=$((span * 1000))
diag "$PER_TRIAL writes take about $span ms here; kills from 0 to 1.25 times that"
fractions $((SEED + 1)) >"$tmp/edit.delays"

# verify LOG ENTRIES TICKS AWARDS: compares what the database holds (the CSV of `resources list`,
# of `history` of KT01, of `award list`) with the log. Prints "ok", or "ok kept G" / "ok lost G"
# for the write G in flight when killed, or what does not match.
cat >"$tmp/verify.awk" <<'EOF_VERIFY'
FNR == 1 { f++ }
f == 1 {   # the log: "start G", "ok G", "fail G", "lost G"
	split($0, w, " ")
	open = w[1] == "start" ? w[2] : ""
	if (w[1] == "ok") { done[w[2]] = 1; if (w[2] + 0 > last) last = w[2] + 0 }
	if (w[1] == "fail") failed = failed " " w[2]
}
f == 2 && FNR > 1 { n = $NF; sub(/^w/, "", n); got[n]++ }           # notes wG
f == 3 && FNR > 1 { tick[++nt] = $9 }                                # newest first
f == 4 && FNR > 1 { n = $3; sub(/\/.*/, "", n); got[n]++ }          # decisions G/QĐ
END {
	if (failed != "") { print "writes failed:" failed; exit }
	top = open != "" ? open : last
	for (g = 1; g <= top; g++) {
		if (g % 3 == 1) continue
		want = done[g] ? 1 : 0
		if (g == open && got[g] + 0 <= 1) { kept = got[g] + 0; continue }
		if (got[g] + 0 != want) { print "write " g ": " got[g] + 0 " rows, " want " committed"; exit }
	}
	for (k in got) if (k + 0 < 1 || k + 0 > top || k % 3 == 1) { print "an unknown row: write " k; exit }
	# The ticks, oldest first, are the committed ones in order (and the one in flight, if kept).
	i = nt
	for (g = 1; g <= top; g++) {
		if (g % 3 != 1 || (!done[g] && g != open)) continue
		v = g % 97 + 1
		if (g == open) { if (i >= 1 && tick[i] == v) { kept = 1; i-- } ; continue }
		if (i < 1 || tick[i] != v) { print "tick " g " (value " v ") missing; history has " nt " changes"; exit }
		i--
	}
	if (i >= 1) { print "more ticks in the history than committed: " nt; exit }
	if (open == "") print "ok"
	else print "ok " (kept ? "kept " : "lost ") open
}
EOF_VERIFY

bad=0 before=0 in_tx=0 in_ckpt=0 between=0 over=0 kept=0 lost=0 wal=0 first_bad=
t0=$(now_ms)
n=0
while read -r fraction; do
	n=$((n + 1))
	delay_for "$fraction"
	setsid sh "$tmp/editor.sh" "$g" $((g + PER_TRIAL - 1)) &
	pid=$!
	sleep "$delay"
	# The editor and its write at once (setsid made the editor a group leader; at a delay near 0
	# it may not have yet, then the editor alone: it has not started a write).
	kill -STOP -- "-$pid" 2>/dev/null || freeze "$pid"
	freeze "$pid"
	# The write running then, if any: the editor's child (the editor is stopped: no new one).
	child=
	read -r child rest 2>/dev/null <"/proc/$pid/task/$pid/children"
	state=between
	proc_state "$pid"
	[ -n "$p_state" ] || state=over   # it had made all its writes
	if [ -n "$child" ]; then
		freeze "$child"
		state=$(lock_state "$child")
		ended "$child" && state=between
	fi
	kill -KILL -- "-$pid" 2>/dev/null
	kill -KILL "$pid" $child 2>/dev/null
	wait "$pid" 2>/dev/null
	g=$((g + PER_TRIAL))
	[ "$(wal_left)" -gt 0 ] && wal=$((wal + 1))
	case $state in
	none) before=$((before + 1)) ;;
	tx) in_tx=$((in_tx + 1)) ;;
	ckpt) in_ckpt=$((in_ckpt + 1)) ;;
	over) over=$((over + 1)) ;;
	*) between=$((between + 1)) ;;
	esac
	if [ "$state" = over ]; then follow yes; else follow no; fi
	why=
	if grep -q '^fail' "$LOG"; then
		why="a write failed: $(cat "$LOG.err")"
	elif checked; then
		"$KM" --db "$DB" resources list --format csv >"$tmp/got.entries" 2>&1
		"$KM" --db "$DB" history "$VILLAGE" KT01 --year 2024 --format csv >"$tmp/got.ticks" 2>&1
		"$KM" --db "$DB" award list --year 2024 --format csv >"$tmp/got.awards" 2>&1
		verdict=$(awk -F, -f "$tmp/verify.awk" "$LOG" "$tmp/got.entries" "$tmp/got.ticks" "$tmp/got.awards")
		case $verdict in
		"ok kept "*)
			# Kept whole: it counts as committed from now on.
			echo "ok ${verdict#ok kept }" >>"$LOG"
			kept=$((kept + 1)) ;;
		"ok lost "*)
			echo "lost ${verdict#ok lost }" >>"$LOG"
			lost=$((lost + 1)) ;;
		ok) ;;
		*) why=$verdict ;;
		esac
	fi
	if [ -n "$why" ]; then
		bad=$((bad + 1))
		[ -n "$first_bad" ] || first_bad="trial $n (delay $delay s, killed at $state): $why"
		keep_failure "edit-fail-$n"
		break   # the log no longer says what the database should hold
	fi
done <"$tmp/edit.delays"
secs=$(($(now_ms) - t0))
diag "$PER_TRIAL writes lasted about $((span_us / 1000)) ms at the end"
check "editing: $n kills, each followed by a database that passes check and holds every write reported as done once, the one in flight whole or not at all, nothing else" \
	"0" "$bad"
[ -z "$first_bad" ] || diag "first failure: $first_bad"
committed=$(grep -c '^ok' "$LOG")
diag "editing: $n kills in $secs ms: $before in a write before its transaction, $in_tx inside a" \
	"write transaction, $in_ckpt during a checkpoint, $between between two writes, $over after the" \
	"last; $kept writes in flight were kept whole, $lost dropped whole; $committed writes" \
	"committed in all; $wal left a WAL for the recovery"
# (A command-line write spends most of its time starting: few kills land inside its transaction,
# too few to count on some in every run.)
ok "editing: some kills landed while a write was running" test $((before + in_tx + in_ckpt)) -gt 0
ok "editing: some writes in flight were kept whole, some dropped whole" test "$kept" -gt 0 -a "$lost" -gt 0
check "editing: every trial ran" "$TRIALS" "$n"

# ---- the database is usable afterwards: a write, then check
run km resources add --area 24934 --date 01/06/2024 --source residents --form cash --value 1
check "after the last kill a write succeeds" 0 "$rc"
checked
check "and check passes" "" "$why"
