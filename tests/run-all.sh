#!/usr/bin/env bash
# Builds mod_userphoto out of tree and runs every test suite: unit tests, then integration tests
# (real slapd + real httpd on loopback). Ends with the line "N passed, M failed".
#   tests/run-all.sh                 event MPM
#   USERPHOTO_MPMS="event worker prefork" tests/run-all.sh
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build}
mpms=${USERPHOTO_MPMS:-event}

BUILD_DIR="$build" "$src/tests/build.sh" >/dev/null || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
cd "$build"

passed=0
failed=0
count() {  # name, log file, exit code
    local line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$1: no result line (exit $3): counted as one failure"
        failed=$((failed + 1))
        return
    fi
    echo "$1: $line"
    passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}

logdir="$build/test-logs"
mkdir -p "$logdir"
./tests/unit/unit_tests 2>&1 | tee "$logdir/unit.log"
count "unit tests" "$logdir/unit.log" "${PIPESTATUS[0]}"
for mpm in $mpms; do
    USERPHOTO_TEST_MPM=$mpm ./tests/integration/integration_tests 2>&1 | tee "$logdir/integration-$mpm.log"
    count "integration tests ($mpm MPM)" "$logdir/integration-$mpm.log" "${PIPESTATUS[0]}"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
