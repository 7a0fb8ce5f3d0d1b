#!/bin/sh
# Runs the Criterion unit tests with TAP output for automake's TAP driver. Each test runs in its
# own process (Criterion's default), so a crash fails that test only.
exec "$@" --tap=- --jobs=2
