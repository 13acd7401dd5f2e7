#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_SECONDS each, starting from the committed seed
# corpus plus what earlier runs found (WORK_DIR/corpus/<target>). Prints one line per target with
# its executions and exits non-zero when any target crashed; crash inputs land in
# WORK_DIR/artifacts/<target>/ (copy them into tests/fuzz/corpus/<target>/ once fixed).
#   run-fuzzers.sh FUZZ_BINARY SEED_CORPUS_DIR WORK_DIR [TARGET...]
set -uo pipefail
binary=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
seeds=$2
work=$3
shift 3
seconds=${FUZZ_SECONDS:-60}
if [ $# -eq 0 ]; then
    set -- $(cd "$seeds" && ls -d */ | tr -d /)
fi
mkdir -p "$work"
failed=0
printf '%-16s %12s %10s %s\n' target executions exec/s result
for target in "$@"; do
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    ln -sf "$binary" "$work/fuzz_$target"
    log="$work/$target.log"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
        "$work/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$artifacts" "$corpus" "$seeds/$target" >"$log" 2>&1
    rc=$?
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')
    result=clean
    if [ "$rc" -ne 0 ]; then
        result="FOUND (exit $rc; see $log, $artifacts)"
        failed=$((failed + 1))
    fi
    printf '%-16s %12s %10s %s\n' "$target" "${execs:-?}" "${rate:-?}" "$result"
done
[ "$failed" -eq 0 ]
