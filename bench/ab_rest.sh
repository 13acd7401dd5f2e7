#!/usr/bin/env bash
# The cached REST route of two builds side by side (say before and after a change): one slapd, two
# httpd (event MPM), wrk runs interleaved A, B, static file; then futex calls per request under
# strace for each (strace slows the server: compare the figures with each other only).
#   bench/ab_rest.sh BUILD_DIR_A BUILD_DIR_B      (ROUNDS=3 SECS=5; builds nothing)
# Needs wrk and strace besides the test dependencies.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
harness=$src/tests/harness
A=${1:?build directory A}/mod_userphoto/.libs/mod_userphoto.so
B=${2:?build directory B}/mod_userphoto/.libs/mod_userphoto.so
work=$(mktemp -d /tmp/userphoto-ab-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ldap_port=$(free_port); pa=$(free_port); pb=$(free_port)
cleanup() {
    "$harness/httpd.sh" stop "$work/a" >/dev/null 2>&1 || true
    "$harness/httpd.sh" stop "$work/b" >/dev/null 2>&1 || true
    "$harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/photos" "$work/a" "$work/b" "$work/static"
"$2/tests/tools/make_test_photos" "$work/photos" --people 50 >/dev/null
"$harness/people.sh" "$work/photos" 50 > "$work/people.ldif"
"$harness/slapd/slapd.sh" start "$work/slapd" "$ldap_port" "$work/people.ldif" >/dev/null
conf="LogLevel error
EnableSendfile On
DocumentRoot \"$work/static\"
<Directory \"$work/static\">
    Require all granted
</Directory>"
EXTRA_CONF="$conf" "$harness/httpd.sh" start "$work/a" "$pa" "$ldap_port" "$A" event >/dev/null
EXTRA_CONF="$conf" "$harness/httpd.sh" start "$work/b" "$pb" "$ldap_port" "$B" event >/dev/null
rest="/ews500/Exchange.asmx/s/GetUserPhoto?email=user1@example.test&size=HR96x96"
curl -sf "http://127.0.0.1:$pa$rest" -o "$work/static/photo96.jpg"
curl -sf "http://127.0.0.1:$pb$rest" -o "$work/b96.jpg"
cmp "$work/static/photo96.jpg" "$work/b96.jpg" && echo "same bytes from A and B"
run() { wrk -t2 -c64 -d"${SECS:-5}s" "$1" | awk '/^Requests\/sec/ { print $2 }'; }
for ((r = 1; r <= ${ROUNDS:-3}; r++)); do
    printf 'round %s  A rest %s  B rest %s  A static %s\n' "$r" "$(run "http://127.0.0.1:$pa$rest")" "$(run "http://127.0.0.1:$pb$rest")" "$(run "http://127.0.0.1:$pa/photo96.jpg")"
done
# Futex calls per request under load, counted over every thread of each child.
futex_per_request() {  # dir, port, path
    local pids args=() t
    pids=$(pgrep -P "$(cat "$1/httpd.pid")")
    for p in $pids; do for t in /proc/$p/task/*; do args+=(-p "${t##*/}"); done; done
    strace -c -e trace=futex -o "$work/strace.out" "${args[@]}" 2>/dev/null &
    local st=$!
    sleep 1
    local n
    n=$(wrk -t2 -c64 -d3s "http://127.0.0.1:$2$3" | awk '/requests in/ { print $1 }')
    sleep 0.5; kill -INT $st; wait $st 2>/dev/null || true
    awk -v n="$n" '/futex/ { printf "%s futex calls for %s requests: %.2f per request\n", $4, n, $4 / n }' "$work/strace.out"
}
echo "A rest:   $(futex_per_request "$work/a" "$pa" "$rest")"
echo "B rest:   $(futex_per_request "$work/b" "$pb" "$rest")"
echo "A static: $(futex_per_request "$work/a" "$pa" /photo96.jpg)"
