# Many sessions writing at once, as on the district server: 20 processes (16 adding resource
# entries, each to its own village, 4 ticking a criterion on and off) for KM_CONCURRENCY_SECONDS
# (default 20) seconds, and a backup taken meanwhile. Then: every command succeeded (no "busy"
# error reached anyone), no row is lost (rows = successful commands, per village), the audit log
# has one line per change, `check` passes on the database and on the copy, and the copy is one
# consistent moment (its entries, history and log agree).
. "${KM_SRCDIR:-$(dirname "$0")/../..}/tests/e2e/lib.sh"
plan 14

command -v sqlite3 >/dev/null 2>&1 || { skip_n 14 "no sqlite3 tool"; exit 0; }
q() { sqlite3 "$DB" "$1"; }
DURATION=${KM_CONCURRENCY_SECONDS:-20}
ADDERS=16
TICKERS=4
WRITERS=$((ADDERS + TICKERS))

run km init
check "init" 0 "$rc"
# A village for each writer, spread over four communes.
set -- 24934 24937 24940 24943
i=1
while [ "$i" -le "$WRITERS" ]; do
	eval "parent=\${$(( (i - 1) % 4 + 1 ))}"
	code=$(km areas add --parent "$parent" "Thôn $i" | cut -f1)
	[ -n "$code" ] || { echo "Bail out! cannot add village $i"; exit 1; }
	echo "$code" >"$tmp/code.$i"
	i=$((i + 1))
done
# The year's criteria set is bound once here (the first tick would do it).
km tick "$(cat "$tmp/code.$WRITERS")" VH01 --year "$YEAR" --clear >/dev/null 2>&1

# adder N: adds entries to village N until $tmp/stop appears; writes "successes failures".
adder() {
	a_code=$(cat "$tmp/code.$1")
	a_ok=0 a_bad=0
	while [ ! -f "$tmp/stop" ]; do
		if "$KM" --db "$DB" resources add --area "$a_code" --date 01/03/2024 --source residents \
			--form cash --value "$((a_ok + 1000))" >/dev/null 2>>"$tmp/err.$1"; then
			a_ok=$((a_ok + 1))
		else
			a_bad=$((a_bad + 1))
		fi
	done
	echo "$a_ok $a_bad" >"$tmp/count.$1"
	[ "$a_bad" = 0 ]
}
# ticker N: ticks VH01 of village N met, not met, met ... (each a change).
ticker() {
	t_code=$(cat "$tmp/code.$1")
	t_ok=0 t_bad=0
	while [ ! -f "$tmp/stop" ]; do
		if [ $((t_ok % 2)) = 0 ]; then t_how=; else t_how=--off; fi
		if "$KM" --db "$DB" tick "$t_code" VH01 --year "$YEAR" $t_how >/dev/null 2>>"$tmp/err.$1"; then
			t_ok=$((t_ok + 1))
		else
			t_bad=$((t_bad + 1))
		fi
	done
	echo "$t_ok $t_bad" >"$tmp/count.$1"
	[ "$t_bad" = 0 ]
}

start=$(date +%s)
pids=
i=1
while [ "$i" -le "$WRITERS" ]; do
	if [ "$i" -le "$ADDERS" ]; then adder "$i" & else ticker "$i" & fi
	pids="$pids $!"
	i=$((i + 1))
done
# Half-way through, a backup while they write.
sleep $((DURATION / 2))
"$KM" --db "$DB" --lang en backup "$tmp/live.db" >"$tmp/backup.out" 2>&1
backup_rc=$?
live_entries=$(q "SELECT count(*) FROM resource_entry")
sleep $((DURATION - DURATION / 2))
: >"$tmp/stop"
failed_writers=0
for p in $pids; do
	wait "$p" || failed_writers=$((failed_writers + 1))
done
elapsed=$(($(date +%s) - start))

# ---- every process, every command
check "all $WRITERS writers exited 0" 0 "$failed_writers"
errors=$(cat "$tmp"/err.* 2>/dev/null)
check "no command failed (no \"busy\" error surfaced)" "" "$errors"
adds=0 ticks=0 lost=
i=1
while [ "$i" -le "$WRITERS" ]; do
	read -r n_ok n_bad <"$tmp/count.$i"
	code=$(cat "$tmp/code.$i")
	if [ "$i" -le "$ADDERS" ]; then
		adds=$((adds + n_ok))
		rows=$(q "SELECT count(*) FROM resource_entry e JOIN area a ON a.id = e.area_id WHERE a.code = '$code'")
	else
		ticks=$((ticks + n_ok))
		rows=$(q "SELECT count(*) FROM audit u JOIN area a ON a.id = u.area_id WHERE u.tbl = 'assessment' AND a.code = '$code'")
	fi
	[ "$rows" = "$n_ok" ] || lost="$lost village $code: $n_ok commands, $rows rows;"
	i=$((i + 1))
done
diag "$WRITERS writers for ${elapsed}s: $adds entries added, $ticks ticks," \
	"$(( (adds + ticks) / (elapsed > 0 ? elapsed : 1) )) writes/s (each a process: start, open, write, commit)"
check "every writer did write" yes "$([ "$adds" -ge "$ADDERS" ] && [ "$ticks" -ge "$TICKERS" ] && echo yes)"
check "no row lost: each village has one entry (or one logged tick) per successful command" "" "$lost"
check "the entries: as many as the successful adds" "$adds" "$(q "SELECT count(*) FROM resource_entry")"
check "the audit log: one insert per entry" "$adds" \
	"$(q "SELECT count(*) FROM audit WHERE tbl = 'resource_entry' AND action = 'insert'")"
check "the audit log: one line per tick" "$ticks" "$(q "SELECT count(*) FROM audit WHERE tbl = 'assessment'")"
check "the resource history: one line per entry" "$adds" "$(q "SELECT count(*) FROM resource_history")"
run km --lang en check
check "check after the storm: exit 0" 0 "$rc"
[ "$rc" = 0 ] || diag "$out"

# ---- the copy taken while they wrote
check "backup while writing: exit 0" 0 "$backup_rc"
[ "$backup_rc" = 0 ] || diag "$(cat "$tmp/backup.out")"
diag "$(cat "$tmp/backup.out")"
copy_entries=$(sqlite3 "$tmp/live.db" "SELECT count(*) FROM resource_entry" 2>/dev/null)
check "the copy is of a moment during the writes" yes \
	"$([ "${copy_entries:-0}" -gt 0 ] && [ "$copy_entries" -le "$live_entries" ] && [ "$copy_entries" -lt "$adds" ] && echo yes)"
check "the copy is consistent: its entries, their history and log lines agree" \
	"$copy_entries $copy_entries $copy_entries" \
	"$(sqlite3 "$tmp/live.db" "SELECT count(*) FROM resource_history") $(sqlite3 "$tmp/live.db" \
	   "SELECT count(*) FROM audit WHERE tbl = 'resource_entry' AND action = 'insert'") $(sqlite3 "$tmp/live.db" \
	   "SELECT count(*) FROM resource_entry")"
run km --db "$tmp/live.db" --lang en check
check "check of the copy: exit 0" 0 "$rc"
[ "$rc" = 0 ] || diag "$out"
