#!/usr/bin/env bash
# Runs the hostile soak for SECONDS (default 120) against a fresh slapd + httpd and prints the
# summary table: requests and statuses per kind, violations, child RSS, crashes, directory changes.
#   tests/soak/run.sh [SECONDS]        BUILD_DIR (default ./build) holds a configured build
#   USERPHOTO_TEST_MPM=prefork tests/soak/run.sh 60
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$here/build}
seconds=${1:-120}
if [ ! -f "$build/Makefile" ]; then
    mkdir -p "$build"
    (cd "$here" && [ -x configure ] || autoreconf -fi)
    (cd "$build" && "$here/configure" -q)
fi
make -C "$build" -j2 >/dev/null
make -C "$build" -j2 tests/soak/soak tests/tools/make_test_photos >/dev/null
# The run stops by itself: the soak's deadline, plus a margin for start-up and the final checks.
exec timeout --kill-after=10 $((seconds + 180)) "$build/tests/soak/soak" "$seconds"
