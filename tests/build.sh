#!/usr/bin/env bash
# Configures and builds mod_userphoto out of tree (default: ./build) with its test programs.
# Used by run-all.sh and demo.sh; CONFIGURE_FLAGS (env) is passed to configure.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build}
cd "$src"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then autoreconf -fi >/dev/null 2>&1 || autoreconf -fi; fi
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || "$src/configure" -q ${CONFIGURE_FLAGS:-}
make -j"$(nproc)" >/dev/null
make -j"$(nproc)" check TESTS= >/dev/null
echo "$build"
