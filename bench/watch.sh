#!/usr/bin/env bash
# Change propagation of the directory watcher: how long after an ldapmodify of a photo the module
# serves the new one, with RFC 4533 content sync and with change-marker polling, and the watcher's
# load on the directory (its searches per minute, counted in slapd's stats log).
#   bench/watch.sh      (CHANGES=20 INTERVAL=10s PEOPLE=200 MPM=event by default)
# Starts a private slapd (with syncprov) and two httpd instances (UserPhotoDirectoryWatch syncrepl /
# poll, cache TTL one hour), changes CHANGES people's photos one after the other and, for each,
# polls both instances every 50 ms until they serve the new ETag. Prints median and max per method.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
changes=${CHANGES:-20}
interval=${INTERVAL:-10s}
people=${PEOPLE:-200}
mpm=${MPM:-event}
limit_ms=60000
case "$interval" in
    *ms) interval_ms=${interval%ms} ;;
    *s) interval_ms=$(( ${interval%s} * 1000 )) ;;
    *) interval_ms=$(( interval * 1000 )) ;;
esac

build=$(BUILD_DIR=${BUILD_DIR:-$src/build} "$src/tests/build.sh")
work=$(mktemp -d /tmp/userphoto-watch-bench-XXXXXX)
harness=$src/tests/harness
module=$build/mod_userphoto/.libs/mod_userphoto.so

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ldap_port=$(free_port); sync_port=$(free_port); poll_port=$(free_port)

cleanup() {
    "$harness/httpd.sh" stop "$work/sync" >/dev/null 2>&1 || true
    "$harness/httpd.sh" stop "$work/poll" >/dev/null 2>&1 || true
    "$harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

echo "watch bench: seeding $people people ..." >&2
mkdir -p "$work/photos" "$work/sync" "$work/poll"
"$build/tests/tools/make_test_photos" "$work/photos" --people "$people" >/dev/null
"$harness/people.sh" "$work/photos" "$people" > "$work/people.ldif"
# Stats logging (256): one line per operation, so the watcher's searches can be counted.
SLAPD_DEBUG=256 "$harness/slapd/slapd.sh" start "$work/slapd" "$ldap_port" "$work/people.ldif" >/dev/null

location=$'<Location "/bench/Exchange.asmx">\n  SetHandler userphoto-ews\n</Location>\n'
EXTRA_CONF="UserPhotoCacheTTL 3600"$'\n'"UserPhotoDirectoryWatch syncrepl"$'\n'"$location" \
    "$harness/httpd.sh" start "$work/sync" "$sync_port" "$ldap_port" "$module" "$mpm" >/dev/null
EXTRA_CONF="UserPhotoCacheTTL 3600"$'\n'"UserPhotoDirectoryWatch poll"$'\n'"UserPhotoDirectoryWatchInterval $interval"$'\n'"$location" \
    "$harness/httpd.sh" start "$work/poll" "$poll_port" "$ldap_port" "$module" "$mpm" >/dev/null
for instance in sync poll; do
    for _ in $(seq 100); do grep -q "following changes by" "$work/$instance/error.log" && break; sleep 0.1; done
done

now_ms() { date +%s%3N; }
etag() {  # port uid
    curl -s -o /dev/null -D - "http://127.0.0.1:$1/bench/Exchange.asmx/s/GetUserPhoto?email=$2%40example.test&size=HR96x96" |
        tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}'
}

start_ms=$(now_ms)
: > "$work/sync.ms"; : > "$work/poll.ms"
for i in $(seq "$changes"); do
    uid=user$i
    old_sync=$(etag "$sync_port" "$uid"); old_poll=$(etag "$poll_port" "$uid")
    [ -n "$old_sync" ] && [ -n "$old_poll" ] || { echo "watch bench: no photo for $uid" >&2; exit 1; }
    # Real edits come at any moment of the polling interval: a random wait within it, so the
    # next change does not start right after the poll that found the last one.
    wait_ms=$(( (RANDOM * 32768 + RANDOM) % interval_ms ))
    sleep "$((wait_ms / 1000)).$(printf '%03d' $((wait_ms % 1000)))"
    photo=$work/photos/person-$(( (i % people) + 1 )).jpg
    printf 'dn: uid=%s,ou=people,dc=example,dc=test\nchangetype: modify\nreplace: jpegPhoto\njpegPhoto:< file://%s\n' \
        "$uid" "$photo" | ldapmodify -x -H "ldap://127.0.0.1:$ldap_port" -D cn=admin,dc=example,dc=test -w secret >/dev/null
    t0=$(now_ms); sync_ms=""; poll_ms=""
    while [ -z "$sync_ms" ] || [ -z "$poll_ms" ]; do
        [ -n "$sync_ms" ] || [ "$(etag "$sync_port" "$uid")" = "$old_sync" ] || sync_ms=$(( $(now_ms) - t0 ))
        [ -n "$poll_ms" ] || [ "$(etag "$poll_port" "$uid")" = "$old_poll" ] || poll_ms=$(( $(now_ms) - t0 ))
        [ $(( $(now_ms) - t0 )) -lt $limit_ms ] || { echo "watch bench: $uid not seen within $limit_ms ms" >&2; exit 1; }
        sleep 0.05
    done
    echo "$sync_ms" >> "$work/sync.ms"; echo "$poll_ms" >> "$work/poll.ms"
    echo "  change $i ($uid): syncrepl ${sync_ms} ms, poll ${poll_ms} ms" >&2
done
minutes=$(awk -v ms=$(( $(now_ms) - start_ms )) 'BEGIN { printf "%.2f", ms / 60000 }')

stats() {  # file → "median max"
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%d %d\n", m, v[NR] }'
}
# The watchers' connections are the ones that read the root DSE's supportedControl; a connection
# whose searches filter on modifyTimestamp is the poller's, the other one the content sync's.
load() {  # kind → searches on that kind of watcher connection
    awk -v kind="$1" '
        match($0, /conn=[0-9]+/) { c = substr($0, RSTART, RLENGTH) } 
        / SRCH attr=supportedControl/ { watcher[c] = 1 }
        / SRCH base=/ { n[c]++; if ($0 ~ /modifyTimestamp>=/) poller[c] = 1 }
        END { for (c in watcher) if ((kind == "poll") == (c in poller)) total += n[c]; print total + 0 }' "$work/slapd/slapd.log"
}
read -r sync_median sync_max < <(stats "$work/sync.ms")
read -r poll_median poll_max < <(stats "$work/poll.ms")
sync_searches=$(load sync); poll_searches=$(load poll)

echo
echo "Directory change propagation: $changes photo changes, $people people, MPM $mpm, $minutes min ($(nproc) cores)"
printf '| %-38s | %9s | %9s | %22s |\n' "method" "median" "max" "watcher searches / min"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..40})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..24})"
printf '| %-38s | %6d ms | %6d ms | %22s |\n' "syncrepl (RFC 4533 refreshAndPersist)" "$sync_median" "$sync_max" \
    "$(awk -v n="$sync_searches" -v m="$minutes" 'BEGIN { printf "%.1f (%d in all)", n / m, n }')"
printf '| %-38s | %6d ms | %6d ms | %22s |\n' "poll modifyTimestamp every $interval" "$poll_median" "$poll_max" \
    "$(awk -v n="$poll_searches" -v m="$minutes" 'BEGIN { printf "%.1f (%d in all)", n / m, n }')"
