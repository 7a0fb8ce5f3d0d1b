#!/bin/bash
# startquit.sh [-n] CMD [ARG ...]: runs CMD on a new 80x24 pty (util-linux script) with
# TERM=xterm-256color, the quit key "q" already typed, as one process that hyperfine or GNU time
# can time: start, first screen, quit. -n: type nothing (CMD ends by itself, e.g. at the end of
# a --script). BENCH_TIME_FILE=F: CMD runs under GNU time, its peak RSS (KiB) is written to F.
set -u
keys=q
[ "${1:-}" = -n ] && { keys=; shift; }
# The keys wait in a pipe that never reaches end of file (opened read-write): script would
# otherwise wait for the child in 250 ms steps when its input ends.
exec 3<> <(:)
printf '%s' "$keys" >&3
printf -v cmd '%q ' "$@"
[ -n "${BENCH_TIME_FILE:-}" ] && cmd="/usr/bin/time -f %M -o ${BENCH_TIME_FILE@Q} $cmd"
exec timeout -k 1 20 script -qec "stty rows 24 cols 80 2>/dev/null; TERM=xterm-256color exec $cmd" /dev/null <&3 3<&-
