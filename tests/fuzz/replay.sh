#!/bin/sh
# make check: replays each fuzz target's seed corpus and its reproducers of fixed bugs (the
# properties the targets check, under the sanitizers in the sanitizer build). TAP, one line per
# target; the output of a failing one follows it as comments.
srcdir=${KM_SRCDIR:-.}
builddir=${KM_BUILDDIR:-.}
targets=${KM_FUZZ_TARGETS:?the fuzz targets to replay}
set -- $targets
echo "1..$#"
n=0
for t in $targets; do
	n=$((n + 1))
	set -- "$srcdir/tests/fuzz/corpus/$t"
	[ -d "$srcdir/tests/fuzz/crashes/$t" ] && set -- "$@" "$srcdir/tests/fuzz/crashes/$t"
	if out=$("$builddir/tests/fuzz/replay-$t" "$@" 2>&1); then
		echo "ok $n - $t: $(echo "$out" | tail -n 1)"
	else
		echo "not ok $n - $t"
		echo "$out" | tail -n 40 | sed 's/^/# /'
	fi
done
