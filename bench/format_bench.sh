#!/usr/bin/env bash
# The README's "Formats" table: JPEG (the module's default quality) against WebP and AVIF at equal
# SSIM, on the generated test photos, at 48/96/240/648 px.
#   bench/format_bench.sh [BUILD_DIR]   (default ./build; make -C BUILD_DIR bench/format_bench first)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
work=$(mktemp -d /tmp/userphoto-formats-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$build/tests/tools/make_test_photos" "$work" >/dev/null
"$build/bench/format_bench" --jpeg-quality 85 --iterations 5 \
    "$work/square648.jpg" "$work/portrait.jpg" "$work/large1296.jpg" "$work/large4000.jpg"
