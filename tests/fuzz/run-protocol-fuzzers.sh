#!/usr/bin/env bash
# Builds the protocol fuzz targets with clang's libFuzzer + ASan + UBSan (the library sources
# instrumented too) and fuzzes each for SECONDS (default 120), starting from its seed corpus.
#   tests/fuzz/run-protocol-fuzzers.sh [SECONDS] [TARGET ...]
# New inputs go to $OUT/corpus/<target>; crashes to $OUT/crash-<target>-*. OUT defaults to
# /tmp/userphoto-protocol-fuzz. Needs clang and the development packages of tests/install-deps.sh.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-120}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(onoffice_api chatter_multipart chatter_request upload_image photo_links)
out=${OUT:-/tmp/userphoto-protocol-fuzz}
mkdir -p "$out/obj" "$out/corpus"
cxx=${CXX_FUZZ:-clang++}
pkgs="libxml-2.0 libturbojpeg libexif nlohmann_json libpng libcrypto"
flags="-std=c++20 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -I$src/lib -I$src/tests $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lgif -lldap -llber -lpthread"

objs=()
for f in $(cd "$src" && find lib -name '*.cc' | sort); do
    o="$out/obj/$(echo "$f" | tr / _).o"
    if [ ! -f "$o" ] || [ "$src/$f" -nt "$o" ]; then
        $cxx $flags -fsanitize=fuzzer-no-link -c "$src/$f" -o "$o"
    fi
    objs+=("$o")
done
for t in "${targets[@]}"; do
    $cxx $flags -fsanitize=fuzzer -DUSERPHOTO_LIBFUZZER "$src/tests/fuzz/$t.cc" "${objs[@]}" $libs -o "$out/$t"
    mkdir -p "$out/corpus/$t"
    echo "== $t: ${seconds}s"
    UBSAN_OPTIONS=print_stacktrace=1 "$out/$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 \
        -artifact_prefix="$out/crash-$t-" -print_final_stats=1 "$out/corpus/$t" "$src/tests/fuzz/corpus/$t" 2>&1 |
        grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Test unit written|#[0-9]+ *DONE" || true
done
