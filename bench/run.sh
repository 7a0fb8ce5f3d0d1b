#!/bin/bash
# The benchmark suite (`make bench`): generates the databases at three scales (cached in
# bench/data of the build tree, remade when the program changes), measures whole programs with
# public tools (hyperfine, GNU time, script, tmux), prints one table (median, spread, budget,
# pass/fail) and writes it with the machine's description to bench/RESULTS.md in the source tree.
#
# Environment: KM_BUILDDIR, KM_SRCDIR (set by make), BENCH_SCALES (default "district province
# country"), BENCH_RUNS (hyperfine runs, default 15), BENCH_REGEN=1 (make the databases again),
# BENCH_RESULTS (where to write the results; default $KM_SRCDIR/bench/RESULTS.md).
set -u
: "${KM_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${KM_BUILDDIR:=$KM_SRCDIR}"
KM=$KM_BUILDDIR/src/kieumau
B=$KM_SRCDIR/bench
DATA=$KM_BUILDDIR/bench/data
OUT=$KM_BUILDDIR/bench/out
RUNS=${BENCH_RUNS:-15}
SCALES=${BENCH_SCALES:-district province country}
RESULTS=${BENCH_RESULTS:-$KM_SRCDIR/bench/RESULTS.md}
YEAR=2025

missing=
for tool in hyperfine tmux script sqlite3 /usr/bin/time awk; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	echo "bench: missing:$missing; install them with: sh scripts/install-deps.sh bench" >&2
	exit 2
fi
[ -x "$KM" ] || { echo "bench: $KM is not built (make first)" >&2; exit 2; }
mkdir -p "$DATA" "$OUT"

# A private, fixed environment: no user configuration, Vietnamese messages, a fixed "today".
export HOME=$OUT/home XDG_CONFIG_HOME=$OUT/home/c XDG_DATA_HOME=$OUT/home/d XDG_STATE_HOME=$OUT/home/s
export KIEUMAU_SYSCONFDIR=$OUT/home/sysconf TZ=UTC KIEUMAU_TODAY=2025-12-31 LANG=C.UTF-8
unset LC_ALL LANGUAGE KIEUMAU_DB COLUMNS LINES TMUX
mkdir -p "$HOME"

rows=()   # "figure|median|spread|unit|budget|verdict"
row() { rows+=("$1|$2|$3|$4|$5|$6"); printf '  %-46s %10s %-22s %s\n' "$1" "$2 $4" "$3" "$6" >&2; }
# verdict VALUE OP LIMIT: "pass" or "FAIL" (OP: < or >).
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = op == "<" ? v < l : v > l; print ok ? "pass" : "FAIL" }'; }
# hyperfine's CSV (command,mean,stddev,median,user,system,min,max) -> "median min max" in ms.
hf_ms() { awk -F, -v n="$2" 'NR == n + 1 { printf "%.1f %.1f %.1f\n", $4 * 1000, $7 * 1000, $8 * 1000 }' "$1"; }

# ---- 1. the databases ----
stamp=$( { "$KM" --version; sha256sum "$KM" ; } | sha256sum | cut -c1-16)
declare -A DB PROVINCE
for s in $SCALES; do
	db=$DATA/$s.db
	DB[$s]=$db
	if [ -n "${BENCH_REGEN:-}" ] || [ ! -f "$db" ] || [ "$(cat "$db.stamp" 2>/dev/null)" != "$stamp" ]; then
		rm -f "$db" "$db-wal" "$db-shm" "$db.stamp"
		echo "bench: generating the $s database ..." >&2
		t0=$(date +%s.%N)
		"$KM" --db "$db" bench-data "$s" >/dev/null 2>"$OUT/gen-$s.log" || { cat "$OUT/gen-$s.log" >&2; exit 1; }
		t1=$(date +%s.%N)
		echo "$stamp" >"$db.stamp"
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' >"$db.gentime"
	fi
	# The province of the scale (the country: the largest one) for the status table and report.
	PROVINCE[$s]=$(sqlite3 "$db" "SELECT a.code FROM area a WHERE a.kind = 'province' AND a.origin = 'demo'
		ORDER BY (SELECT count(*) FROM area c WHERE c.parent_id = a.id) DESC, a.code LIMIT 1")
done

echo "bench: measuring ..." >&2
# ---- 2. start, first screen, quit: a fresh pty (script), the quit key already typed ----
# The wrapper's own cost is measured the same way with a program that exits at once.
STARTQUIT=$B/startquit.sh
hyperfine -N -w 3 -r "$RUNS" --export-csv "$OUT/wrapper.csv" "bash $STARTQUIT true" >/dev/null 2>&1
read -r wrap _ _ < <(hf_ms "$OUT/wrapper.csv" 1)
row "wrapper (script + pty), subtracted below" "$wrap" "" ms "-" "-"
for s in $SCALES; do
	hyperfine -N -w 3 -r "$RUNS" --export-csv "$OUT/start-$s.csv" \
		"bash $STARTQUIT $KM --db ${DB[$s]}" >/dev/null 2>&1
	read -r med lo hi < <(hf_ms "$OUT/start-$s.csv" 1)
	net=$(awk -v a="$med" -v b="$wrap" 'BEGIN { printf "%.1f", a - b }')
	row "start+draw+quit, $s (net)" "$net" "$lo-$hi total" ms "< 50" "$(verdict "$net" "<" 50)"
	# Peak memory of the program itself (GNU time inside the pty).
	peak=0
	for _ in 1 2 3; do
		BENCH_TIME_FILE=$OUT/time-$s bash "$STARTQUIT" "$KM" --db "${DB[$s]}" >/dev/null 2>&1
		kb=$(tail -1 "$OUT/time-$s")
		[ "$kb" -gt "$peak" ] && peak=$kb
	done
	mb=$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')
	row "peak memory, $s" "$mb" "max of 3" MB "< 16" "$(verdict "$mb" "<" 16)"
done

# ---- 3. 1,000 navigation keys in the scripted-input mode, on a real pty ----
nav=$OUT/keys-1000.txt nokeys=$OUT/keys-0.txt
: >"$nokeys"
# Navigation only, no edits: find "thon 1" (no tone marks) in the tree, then 50 times: the next
# match (a village of another commune, its branch opened), its checklist opened and walked, back
# to the tree and about it. 3 keys to search + 997 keys.
{
	echo "/"
	echo ":type thon 1"
	echo "Enter"
	awk 'BEGIN {
		split("n Enter Down Down Down Down Down Down Up Up PgDn PgUp End Home Esc Down Down Up Up Up", k, " ")
		for (i = 0; i < 997; i++) printf "%s%s", k[i % 20 + 1], (i % 20 == 19 || i == 996 ? "\n" : " ")
	}'
} >"$nav"
for s in $SCALES; do
	hyperfine -N -w 2 -r "$RUNS" --export-csv "$OUT/keys-$s.csv" \
		"bash $STARTQUIT -n $KM --db ${DB[$s]} --script $nokeys" \
		"bash $STARTQUIT -n $KM --db ${DB[$s]} --script $nav" >/dev/null 2>&1
	t0= t1=
	read -r t0 _ _ < <(hf_ms "$OUT/keys-$s.csv" 1)
	read -r t1 lo hi < <(hf_ms "$OUT/keys-$s.csv" 2)
	if [ -z "$t0" ] || [ -z "$t1" ]; then
		row "time per navigation key, $s" "?" "the run failed or took over 20 s" ms "< 16" FAIL
		continue
	fi
	per=$(awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.3f", (a - b) / 1000 }')
	row "time per navigation key, $s" "$per" "1,000 keys: $lo-$hi ms" ms "< 16" "$(verdict "$per" "<" 16)"
done

# ---- 4. bytes written to an 80x24 xterm-256color (tmux pipe-pane) ----
s=${SCALES%% *}
bash "$B/bytes.sh" "$KM --db ${DB[$s]}" >"$OUT/bytes.txt" 2>"$OUT/bytes.err" || cat "$OUT/bytes.err" >&2
b_first=$(awk '$1 == "first" { print $2 }' "$OUT/bytes.txt")
b_move=$(awk '$1 == "move" { print $2 }' "$OUT/bytes.txt")
b_open=$(awk '$1 == "open" { print $2 }' "$OUT/bytes.txt")
b_redraw=$(awk '$1 == "redraw" { print $2 }' "$OUT/bytes.txt")
row "bytes: first screen (80x24)" "${b_first:-?}" "" B "< 2500" "$(verdict "${b_first:-1e9}" "<" 2500)"
row "bytes: one move down" "${b_move:-?}" "median of 5 moves" B "< 160" "$(verdict "${b_move:-1e9}" "<" 160)"
row "bytes: open a village's checklist" "${b_open:-?}" "" B "-" "-"
row "bytes: full redraw (C-l)" "${b_redraw:-?}" "" B "-" "-"

# ---- 5. status table and annual report against the same statements in the sqlite3 shell ----
for s in $SCALES; do
	[ "$s" = district ] && continue
	p=${PROVINCE[$s]}
	area=$p
	[ "$s" = country ] && area=
	for what in status report; do
		if [ "$what" = status ]; then
			args=(status-table ${area:+"$area"} --year "$YEAR" --format csv)
			label="status table"
		else
			# The province's report at both scales (the whole country's lists 100,000 lines).
			args=(report --period "$YEAR" --area "$p" --format csv --output "$OUT/report-$s.csv")
			label="annual report of a province"
		fi
		[ -z "$area" ] && [ "$what" = status ] && args=(status-table --year "$YEAR" --format csv)
		KIEUMAU_TRACE_SQL=$OUT/$what-$s.sql "$KM" --db "${DB[$s]}" "${args[@]}" >/dev/null || {
			echo "bench: kieumau ${args[*]} failed" >&2; continue; }
		printf -v cmd '%q ' "$KM" --db "${DB[$s]}" "${args[@]}"
		hyperfine -w 2 -r "$RUNS" --export-csv "$OUT/$what-$s.csv" \
			"$cmd >/dev/null" "sqlite3 ${DB[$s]} < $OUT/$what-$s.sql >/dev/null" >/dev/null 2>&1
		read -r mk lo hi < <(hf_ms "$OUT/$what-$s.csv" 1)
		read -r ms _ _ < <(hf_ms "$OUT/$what-$s.csv" 2)
		ratio=$(awk -v a="$mk" -v b="$ms" 'BEGIN { printf "%.2f", a / b }')
		scope=$s
		[ "$s" = country ] && scope="country (every province)"
		[ "$what" = report ] && scope="$s scale"
		limit=100
		[ "$s" = country ] && limit=2000
		v=$(verdict "$mk" "<" "$limit")
		[ "$(verdict "$ratio" "<" 2)" = pass ] || v=FAIL
		[ "$what" = report ] && { limit="-"; v=$(verdict "$ratio" "<" 2); }
		row "$label, $scope" "$mk" "$lo-$hi; bare SQL $ms ms, x$ratio" ms "${limit:+< $limit}, <2x SQL" "$v"
	done
done

# ---- 6. CSV import of 100,000 resource rows ----
s=${SCALES%% *}
csv=$OUT/import-100k.csv
sqlite3 "${DB[$s]}" "SELECT code FROM area WHERE kind IN ('village', 'residential_group') AND origin = 'demo'" \
	>"$OUT/village-codes.txt"
sh "$B/gen-resources-csv.sh" -n 100000 -y "$YEAR" -a "$OUT/village-codes.txt" >"$csv"
hyperfine -N -w 1 -r 5 --prepare "cp ${DB[$s]} $OUT/import.db" --export-csv "$OUT/import.csv" \
	"$KM --db $OUT/import.db import resources $csv" >/dev/null 2>&1
rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm"
read -r med lo hi < <(hf_ms "$OUT/import.csv" 1)
rate=$(awk -v t="$med" 'BEGIN { printf "%.0f", 100000 / (t / 1000) }')
row "import 100,000 resource rows" "$rate" "$lo-$hi ms" "rows/s" "> 50000" "$(verdict "$rate" ">" 50000)"

for s in $SCALES; do
	[ -f "${DB[$s]}.gentime" ] && row "generate the $s database" "$(cat "${DB[$s]}.gentime")" \
		"$(du -h "${DB[$s]}" | cut -f1)" s "-" "-"
done

# ---- the table ----
table() {
	printf '| figure | median | spread / detail | budget | result |\n|---|---:|---|---|---|\n'
	for r in "${rows[@]}"; do
		IFS='|' read -r f m sp u bu v <<<"$r"
		printf '| %s | %s %s | %s | %s | %s |\n' "$f" "$m" "$u" "$sp" "$bu" "$v"
	done
}
echo
table
fails=$(printf '%s\n' "${rows[@]}" | grep -c '|FAIL$' || true)
{
	echo "# Benchmark results"
	echo
	echo "The latest \`make bench\` run (bench/run.sh): $(date -u '+%Y-%m-%d %H:%M UTC'), $("$KM" --version | head -1),"
	echo "commit $(git -C "$KM_SRCDIR" rev-parse --short HEAD 2>/dev/null || echo '?')."
	echo
	echo "Machine: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores,"
	echo "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(. /etc/os-release; echo "$PRETTY_NAME"), Linux $(uname -r),"
	echo "SQLite $(sqlite3 --version | cut -d' ' -f1), load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
	echo
	echo "Times are medians of $RUNS runs (hyperfine); \"net\" start times subtract the cost of the"
	echo "wrapper (script on a new pty) measured in the same run. Bytes are what the program wrote to"
	echo "an 80x24 xterm-256color pane (tmux pipe-pane). The bare-SQL figures replay, in the sqlite3"
	echo "shell, the very statements the program ran (KIEUMAU_TRACE_SQL)."
	echo
	table
	echo
	echo "Databases (2021-2025, seed 20250701): district 10 communes, 100 villages; province 124"
	echo "communes, 1,400 villages; country 34 provinces, 3,300 communes, 80,000 villages."
} >"$RESULTS"
echo "bench: $fails budget(s) failed; results in $RESULTS" >&2
[ "$fails" = 0 ]
