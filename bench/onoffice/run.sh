#!/usr/bin/env bash
# onOffice userphoto benchmark: a 500-person photosAsLinks list and a 100-person base64 list
# against a real slapd (532 people with 648 px photos) and httpd on loopback.
# Prints latency (median / p90 over ROUNDS requests) and LDAP searches per request (from the
# module's debug line).
#   bench/onoffice/run.sh [BUILD_DIR]      (default ./build; ROUNDS=30 by default)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
rounds=${ROUNDS:-30}
work=$(mktemp -d /tmp/userphoto-bench-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ldap_port=$(free_port); http_port=$(free_port)
cleanup() {
    "$src/tests/harness/httpd.sh" stop "$work/httpd" >/dev/null 2>&1 || true
    "$src/tests/harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/photos" "$work/httpd"
"$build/tests/tools/make_test_photos" "$work/photos" --people 520 >/dev/null
"$src/tests/harness/people.sh" "$work/photos" 520 > "$work/people.ldif"
"$src/tests/harness/slapd/slapd.sh" start "$work/slapd" "$ldap_port" "$work/people.ldif" >/dev/null
EXTRA_CONF="LogLevel warn userphoto:debug" "$src/tests/harness/httpd.sh" start "$work/httpd" "$http_port" "$ldap_port" \
    "$build/mod_userphoto/.libs/mod_userphoto.so" event

python3 - "$http_port" "$rounds" "$work/httpd/error.log" <<'PY'
import base64, hashlib, hmac, json, statistics, sys, time, urllib.request
port, rounds, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
token, secret = "itest-token", "itest-secret-0123456789"
action = "urn:onoffice-de-ns:smart:2.5:smartml:action:read"

def request(params):
    ts = int(time.time())
    mac = base64.b64encode(hmac.new(secret.encode(), f"{ts}{token}userphoto{action}".encode(), hashlib.sha256).digest()).decode()
    body = json.dumps({"token": token, "request": {"actions": [{"actionid": action, "identifier": "", "resourceid": "",
        "resourcetype": "userphoto", "parameters": params, "timestamp": ts, "hmac_version": 2, "hmac": mac}]}}).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/stable/api.php", data=body,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    start = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        data = r.read()
    elapsed = (time.perf_counter() - start) * 1000
    reply = json.loads(data)
    assert reply["status"]["errorcode"] == 0, reply["status"]
    return elapsed, len(reply["response"]["results"][0]["data"]["records"]), len(data)

def searches():
    with open(log) as f:
        return [int(l.split(" record(s), ")[1].split(" LDAP")[0]) for l in f if "LDAP search(es)" in l]

cases = [("500-person photosAsLinks list", {"photosAsLinks": True, "listlimit": 500}),
         ("100-person base64 list", {"listlimit": 100, "filter": {"Nr": [{"op": ">=", "val": 1013}]}})]
for name, params in cases:
    request(params)  # warm the connection pool
    before = len(searches())
    times = []
    for _ in range(rounds):
        ms, n, size = request(params)
        times.append(ms)
    counts = searches()[before:]
    times.sort()
    print(f"{name}: {n} records, {size/1024:.0f} KiB, median {statistics.median(times):.1f} ms, "
          f"p90 {times[int(len(times)*0.9)-1]:.1f} ms, LDAP searches per request: {sorted(set(counts))}")
PY
