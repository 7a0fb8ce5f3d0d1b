#!/bin/sh
# Runs one libFuzzer target for a while (make fuzz): on a copy of its seed corpus in the build
# tree (the committed corpus never grows by itself), with its reproducers of fixed bugs as more
# seeds, its dictionary if it has one. Writes a one-line summary (runs, exec/s) to WORK/summary;
# on a crash, hang, leak or failed property prints the end of libFuzzer's log, keeps the input in
# WORK/ and exits non-zero.
#   run-fuzzer.sh NAME BINARY SRCDIR WORK SECONDS
set -u
name=$1 bin=$2 fuzzdir=$3/tests/fuzz work=$4 seconds=$5
rm -rf "$work"
mkdir -p "$work/corpus" || exit 1
cp "$fuzzdir/corpus/$name"/* "$work/corpus/" && chmod -R u+w "$work/corpus" || exit 1
set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/corpus"
[ -d "$fuzzdir/crashes/$name" ] && set -- "$@" "$fuzzdir/crashes/$name"
[ -s "$fuzzdir/$name.dict" ] && set -- -dict="$fuzzdir/$name.dict" "$@"
"$bin" "$@" >"$work/log" 2>&1
status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
if [ "$status" = 0 ]; then
	printf 'fuzz %-8s %10s runs in %ss, %6s exec/s, corpus %s -> %s inputs\n' "$name" "${runs:-?}" \
		"$seconds" "${rate:-?}" "$(ls "$fuzzdir/corpus/$name" | wc -l)" "$(ls "$work/corpus" | wc -l)" \
		>"$work/summary"
else
	tail -n 40 "$work/log" >&2
	kept=$(ls "$work" | grep -E '^(crash|leak|timeout|oom|slow-unit)-' | sed "s|^|$work/|" | tr '\n' ' ')
	printf 'fuzz %-8s FAILED (exit %s) after %s runs; input kept: %s\n' "$name" "$status" "${runs:-?}" \
		"${kept:-none}" >"$work/summary"
	cat "$work/summary" >&2
fi
exit "$status"
