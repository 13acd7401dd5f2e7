#!/usr/bin/env bash
# Builds mod_userphoto out of tree and runs every test suite: unit tests, then integration tests
# (real slapd + real httpd on loopback). Ends with the line "N passed, M failed".
#   tests/run-all.sh                 event MPM
#   USERPHOTO_MPMS="event worker prefork" tests/run-all.sh
#   USERPHOTO_CHECKS="normal valgrind sanitizers" tests/run-all.sh     (what CI runs)
# USERPHOTO_CHECKS picks the passes, in order, all summed into the one final line:
#   normal      unit tests, integration tests under each of USERPHOTO_MPMS (the default)
#   valgrind    unit tests under valgrind (memcheck, full leak check); any report fails the pass
#   sanitizers  a second build (BUILD_DIR-sanitizers, --enable-sanitizers: ASan + UBSan) running
#               unit and integration tests; the module inside httpd too (see tests/harness/httpd.sh)
#   package     the Debian package built, installed on this machine's own Apache, used and purged
#               (tests/package/run.sh; needs root and the system Apache free for a minute)
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build}
mpms=${USERPHOTO_MPMS:-event}
checks=${USERPHOTO_CHECKS:-normal}

passed=0
failed=0
count() {  # name, log file, exit code
    local line p f
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$1: no result line (exit $3): counted as one failure"
        failed=$((failed + 1))
        return
    fi
    p=$(echo "$line" | cut -d' ' -f1)
    f=$(echo "$line" | cut -d' ' -f3)
    if [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
        # All tests passed but the run did not: a valgrind or leak report after the tests.
        echo "$1: $line, but exit $3 (a memory-checker report, see $2): counted as one failure"
        f=1
    else
        echo "$1: $line"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

build_in() {  # dir, configure flags → 0 when built
    BUILD_DIR="$1" CONFIGURE_FLAGS="$2" "$src/tests/build.sh" >/dev/null
}

timings=()
timed() {  # label, command...
    local start=$SECONDS label=$1
    shift
    "$@"
    local rc=$?
    timings+=("$label: $((SECONDS - start)) s")
    return $rc
}

run_suites() {  # build dir, label, MPMs
    local dir=$1 label=$2 logdir="$1/test-logs" mpm
    mkdir -p "$logdir"
    (cd "$dir" && ./tests/unit/unit_tests) 2>&1 | tee "$logdir/unit.log"
    count "unit tests$label" "$logdir/unit.log" "${PIPESTATUS[0]}"
    for mpm in $3; do
        (cd "$dir" && USERPHOTO_TEST_MPM=$mpm ./tests/integration/integration_tests) 2>&1 | tee "$logdir/integration-$mpm.log"
        count "integration tests ($mpm MPM)$label" "$logdir/integration-$mpm.log" "${PIPESTATUS[0]}"
    done
}

run_valgrind() {
    local logdir="$build/test-logs"
    mkdir -p "$logdir"
    # JSIMD_FORCENONE: libjpeg-turbo's hand-written SIMD Huffman coder reads its own uninitialised
    # padding, which memcheck cannot see through; the C paths do the same work and check clean.
    (cd "$build" && JSIMD_FORCENONE=1 valgrind --quiet --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
        ./tests/unit/unit_tests) >"$logdir/unit-valgrind.log" 2>&1
    local rc=$?
    tail -n 1 "$logdir/unit-valgrind.log"
    count "unit tests (valgrind)" "$logdir/unit-valgrind.log" "$rc"
}

run_package() {
    local logdir="$build/test-logs"
    mkdir -p "$logdir"
    # The unit tests already ran in the normal pass: the package build skips them here (nocheck);
    # a plain dpkg-buildpackage still runs them (debian/rules).
    DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-parallel=$(nproc) noautodbgsym nocheck}" \
        "$src/tests/package/run.sh" 2>&1 | tee "$logdir/package.log"
    count "Debian package" "$logdir/package.log" "${PIPESTATUS[0]}"
}

run_sanitizers() {
    local dir="$build-sanitizers"
    # -O1, as ASan's own documentation advises: reports stay exact and the build takes less time.
    if ! CXXFLAGS="${SANITIZER_CXXFLAGS:--g -O1}" build_in "$dir" --enable-sanitizers; then
        echo "sanitizer build failed: counted as one failure"
        failed=$((failed + 1))
        return
    fi
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
        run_suites "$dir" " (ASan+UBSan)" event
}

if ! timed "build" build_in "$build" "${CONFIGURE_FLAGS:-}"; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi
for check in $checks; do
    case "$check" in
        normal) timed "unit + integration ($mpms)" run_suites "$build" "" "$mpms" ;;
        valgrind) timed "unit tests under valgrind" run_valgrind ;;
        sanitizers) timed "ASan+UBSan build, unit + integration" run_sanitizers ;;
        package) timed "Debian package" run_package ;;
        *) echo "unknown check '$check' in USERPHOTO_CHECKS: counted as one failure"; failed=$((failed + 1)) ;;
    esac
done
[ ${#timings[@]} -gt 1 ] && printf 'time: %s\n' "${timings[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
