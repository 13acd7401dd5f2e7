#!/usr/bin/env bash
# Installs Microsoft's Graph JavaScript client (and a JPEG decoder) for the Graph integration test
# into BUILD_DIR/node from tests/integration/graph_client/package.json. Reruns are offline and
# fast: nothing is fetched while the installed package.json is the current one.
#   graph-client-setup.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
spec="$here/../integration/graph_client/package.json"
node_dir="${1:?BUILD_DIR}/node"
command -v node >/dev/null || { echo "node is not installed (tests/install-deps.sh installs nodejs)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is not installed (tests/install-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$node_dir"
if cmp -s "$spec" "$node_dir/package.json" && [ -d "$node_dir/node_modules/@microsoft/microsoft-graph-client" ] &&
    [ -d "$node_dir/node_modules/jpeg-js" ]; then
    exit 0
fi
cp "$spec" "$node_dir/package.json"
timeout 300 npm install --prefix "$node_dir" --no-audit --no-fund --no-update-notifier --prefer-offline \
    >"$node_dir/npm-install.log" 2>&1 || { cat "$node_dir/npm-install.log" >&2; exit 1; }
