#!/usr/bin/env bash
# Where a request's CPU goes, counted in instructions by valgrind's callgrind (repeatable whatever
# else the machine is doing, unlike seconds). One httpd in single-process mode (-X) under callgrind,
# a private slapd seeded as bench/run.sh does; for each kind of request: warm up, zero the counters,
# send N requests, dump. Prints instructions per request per kind and, for the cold path, the share
# of each stage (directory, JPEG decode, resample, encode, Apache + module).
#   bench/profile.sh            (REQUESTS=200)
#   SKIP_BUILD=1 BUILD_DIR=other/build bench/profile.sh   (profile that build as it is: a before/after)
# Needs valgrind (callgrind_control, callgrind_annotate) and the test dependencies.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
requests=${REQUESTS:-200}
people=${PEOPLE:-50}

command -v callgrind_annotate >/dev/null || { echo "profile: valgrind is missing" >&2; exit 1; }
if [ -n "${SKIP_BUILD:-}" ]; then build=${BUILD_DIR:?SKIP_BUILD needs BUILD_DIR}
else build=$(BUILD_DIR=${BUILD_DIR:-$src/build-bench} "$src/tests/build.sh"); fi
work=$(mktemp -d /tmp/userphoto-profile-XXXXXX)
harness=$src/tests/harness
module=$build/mod_userphoto/.libs/mod_userphoto.so
httpd_bin=$(command -v apache2 || command -v httpd || echo /usr/sbin/apache2)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ldap_port=$(free_port); port=$(free_port); cold_port=$(free_port)
vg_pid=""
cleanup() {
    [ -n "$vg_pid" ] && kill "$vg_pid" 2>/dev/null && wait "$vg_pid" 2>/dev/null || true
    "$harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

echo "profile: seeding $people people ..." >&2
mkdir -p "$work/photos" "$work/httpd" "$work/static"
"$build/tests/tools/make_test_photos" "$work/photos" --people "$people" >/dev/null
{
    "$harness/people.sh" "$work/photos" "$people"
    printf 'dn: uid=src648,ou=people,dc=example,dc=test\nobjectClass: inetOrgPerson\nobjectClass: userPhotoPerson\nuid: src648\ncn: Source 648\nsn: 648\nmail: src648@example.test\njpegPhoto:< file://%s/photos/square648.jpg\n\n' "$work"
} > "$work/people.ldif"
"$harness/slapd/slapd.sh" start "$work/slapd" "$ldap_port" "$work/people.ldif" >/dev/null

# The harness writes the configuration (and checks it starts); the profiled httpd is a second,
# single-process one on the same file. /cold: the same EWS route with the cache off.
token=$("$harness/demo-token.sh" user1@example.test)
EXTRA_CONF="LogLevel error
DocumentRoot \"$work/static\"
<Directory \"$work/static\">
    Require all granted
</Directory>
<Location \"/bearer-static\">
    AuthType oauth20
    Require valid-user
</Location>
<Location \"/avatar\">
    SetHandler userphoto-avatar
</Location>
Listen 127.0.0.1:$cold_port
<VirtualHost 127.0.0.1:$cold_port>
    UserPhotoCacheTTL 0
    <Location \"/cold/Exchange.asmx\">
        SetHandler userphoto-ews
        UserPhotoEWSAllowAnonymous on
    </Location>
</VirtualHost>" "$harness/httpd.sh" start "$work/httpd" "$port" "$ldap_port" "$module" prefork >/dev/null
"$harness/httpd.sh" stop "$work/httpd"
sleep 1

# httpd -X still switches to its User: the dumps go where it can write. Only instructions inside
# ap_process_request count (one call per request), so start-up and shut-down do not. Warm-up
# requests count too: each kind runs twice, with N and with 2N measured requests, and the
# difference divided by N is the cost of one request.
chmod 755 "$work"; mkdir -p "$work/out" && chmod 777 "$work/out"
rest="/ews500/Exchange.asmx/s/GetUserPhoto?email=user1@example.test&size=HR96x96"
wait_port() { local i; for ((i = 0; i < 600; i++)); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && return; sleep 0.1; done; }

run_once() {  # name, count, base URL, path, header, [body file: POST it] → $work/out/<name>.<count>
    local name=$1 count=$2 base=$3 path=$4 header=${5:-} body=${6:-} pid i
    valgrind --tool=callgrind --quiet --vgdb=no --collect-atstart=no --toggle-collect=ap_process_request \
        --callgrind-out-file="$work/out/$name.$count" "$httpd_bin" -X -f "$work/httpd/httpd.conf" &
    pid=$!
    wait_port
    # callgrind made its output file as root before httpd switched to its User: let it write there.
    chmod 666 "$work/out/$name.$count"
    # Some answers need a moment after start (the avatar index is built in the background): wait
    # for the first good one, so that both runs send the same requests.
    for ((i = 0; i < 300; i++)); do
        curl -sf -o /dev/null ${header:+-H "$header"} ${body:+-H "Content-Type: text/xml; charset=utf-8" --data-binary "@$body"} \
            "$base$path" && break
        sleep 0.2
    done
    # One curl process, many URLs: one keep-alive connection, as a client library would use.
    local urls=()
    for ((i = 0; i < 10 + count; i++)); do urls+=(-o /dev/null "$base$path"); done
    curl -sf ${header:+-H "$header"} ${body:+-H "Content-Type: text/xml; charset=utf-8" --data-binary "@$body"} \
        "${urls[@]}" || { echo "profile: $name did not answer" >&2; kill "$pid"; exit 1; }
    kill -TERM "$pid"; wait "$pid" || true
}
profile_kind() {  # name, path, [header], [base URL], [body file]
    local base=${4:-http://127.0.0.1:$port}
    run_once "$1" "$requests" "$base" "$2" "${3:-}" "${5:-}"
    run_once "$1" $((2 * requests)) "$base" "$2" "${3:-}" "${5:-}"
}

"$httpd_bin" -X -f "$work/httpd/httpd.conf" & plain=$!
wait_port
curl -sf "http://127.0.0.1:$port$rest" -o "$work/static/photo96.jpg"
mkdir -p "$work/static/bearer-static" && cp "$work/static/photo96.jpg" "$work/static/bearer-static/"
kill -TERM "$plain"; wait "$plain" || true

echo "profile: $requests and $((2 * requests)) requests per kind under callgrind ..." >&2
profile_kind static "/photo96.jpg"
profile_kind bearer_static "/bearer-static/photo96.jpg" "Authorization: Bearer $token"
profile_kind rest "$rest"
# The same request as bench/soap.lua.
printf '%s' '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Body><m:GetUserPhoto><m:Email>user1@example.test</m:Email><m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto></soap:Body></soap:Envelope>' > "$work/soap.xml"
profile_kind soap "/ews500/Exchange.asmx" "" "" "$work/soap.xml"
profile_kind graph '/graph/v1.0/me/photos/96x96/$value' "Authorization: Bearer $token"
profile_kind avatar "/avatar/$(printf %s user1@example.test | md5sum | cut -c1-32)"
profile_kind cold "/cold/Exchange.asmx/s/GetUserPhoto?email=src648@example.test&size=HR96x96" "" "http://127.0.0.1:$cold_port"

total_of() { awk '/^(summary|totals):/ { print $2; exit }' "$1"; }
per_request() {  # name → instructions per request
    awk -v a="$(total_of "$work/out/$1.$requests")" -v b="$(total_of "$work/out/$1.$((2 * requests))")" \
        -v n="$requests" 'BEGIN { printf "%.0f", (b - a) / n }'
}
echo "mod_userphoto profile — $(date -u +%Y-%m-%d), callgrind, httpd -X (prefork, one process)"
echo "command: bench/profile.sh  (REQUESTS=$requests; cost = (run of 2N - run of N) / N)"
echo
printf '%-52s %14s\n' "kind" "instr./request"
for k in static bearer_static rest soap graph avatar cold; do printf '%-52s %14s\n' "$k" "$(per_request "$k")"; done

# Cold path stages: inclusive cost of the function that does each stage's work, per request.
for n in "$requests" $((2 * requests)); do
    callgrind_annotate --inclusive=yes --threshold=100 "$work/out/cold.$n" > "$work/cold.$n.txt" 2>/dev/null
done
largest() {  # file, regex → the largest inclusive count among matching functions
    awk -v re="$2" '/^ *[0-9,]+ / { v = $1; gsub(",", "", v); if ($0 ~ re && v + 0 > best) best = v + 0 } END { print best + 0 }' "$1"
}
stage() {  # label, regex of function names → instructions per request and share of the request
    local a b
    a=$(largest "$work/cold.$requests.txt" "$2")
    b=$(largest "$work/cold.$((2 * requests)).txt" "$2")
    awk -v a="$a" -v b="$b" -v n="$requests" -v t="$(per_request cold)" -v label="$1" \
        'BEGIN { printf "    %-34s %12.0f instr./request  %5.1f %%\n", label, (b - a) / n, 100 * (b - a) / n / t }'
}
echo
echo "cold path (cache off), 648 px source -> 96 px, where the instructions go (inclusive):"
stage "directory search (libldap)" 'ldap_search_ext_s|ldap_result[^_]'
stage "BER decoding (liblber)" 'ldap_get_values_len|ber_scanf|ldap_first_attribute|ldap_get_attribute_ber|read_entry'
stage "probe (JPEG header)" 'probe_jpeg'
stage "render (decode+resample+encode)" 'render_square'
stage "  JPEG decode (turbojpeg)" 'tjDecompress2|tj3Decompress8'
stage "  resample" 'resample|scale_to_edge|resize'
stage "  JPEG encode (turbojpeg)" 'tjCompress2|tj3Compress8'
stage "module handler (all of it)" 'userphoto::glue::.*serve|handle_request'
