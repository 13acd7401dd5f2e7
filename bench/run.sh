#!/usr/bin/env bash
# mod_userphoto benchmarks, every figure measured side by side in one run on this machine.
#   bench/run.sh            (ROUNDS=3 BENCH_SECONDS=5 CONNECTIONS=64 by default)
# Installs nothing. Needs the test dependencies (tests/install-deps.sh) plus the Debian packages
#   wrk php-fpm php-ldap php-gd libvips-dev
# Builds in $BUILD_DIR (default ./build-bench), starts a private slapd (tests/harness) seeded with
# generated people, two httpd instances (cache on / cache off, the latter also proxying to php-fpm
# through mod_proxy_fcgi) and prints a results table. wrk runs are interleaved round by round and
# reported as medians; ratios are of those medians.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-3}
secs=${BENCH_SECONDS:-5}
conns=${CONNECTIONS:-64}
people=${PEOPLE:-200}
mpm=${MPM:-event}

for tool in wrk; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }; done
php_fpm=$(command -v php-fpm || ls /usr/sbin/php-fpm* 2>/dev/null | head -1 || true)
[ -n "$php_fpm" ] || { echo "bench: php-fpm is missing (apt-get install php-fpm php-ldap php-gd)" >&2; exit 1; }

build=$(BUILD_DIR=${BUILD_DIR:-$src/build-bench} "$src/tests/build.sh")
[ -x "$build/bench/resize_bench" ] || { echo "bench: resize_bench not built (apt-get install libvips-dev, re-run configure)" >&2; exit 1; }
work=$(mktemp -d /tmp/userphoto-bench-XXXXXX)
harness=$src/tests/harness
module=$build/mod_userphoto/.libs/mod_userphoto.so
moddir=$(apxs -q LIBEXECDIR 2>/dev/null || echo /usr/lib/apache2/modules)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ldap_port=$(free_port); hot_port=$(free_port); cold_port=$(free_port); fpm_port=$(free_port)

cleanup() {
    "$harness/httpd.sh" stop "$work/hot" >/dev/null 2>&1 || true
    "$harness/httpd.sh" stop "$work/cold" >/dev/null 2>&1 || true
    [ -f "$work/fpm.pid" ] && kill "$(cat "$work/fpm.pid")" 2>/dev/null || true
    "$harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

echo "bench: seeding $people people + scaling sources ..." >&2
mkdir -p "$work/photos" "$work/hot" "$work/cold" "$work/static" "$work/php"
"$build/tests/tools/make_test_photos" "$work/photos" --people "$people" >/dev/null
{
    "$harness/people.sh" "$work/photos" "$people"
    for s in 96:square96 648:square648 1296:large1296 4000:large4000; do
        printf 'dn: uid=src%s,ou=people,dc=example,dc=test\nobjectClass: inetOrgPerson\nobjectClass: userPhotoPerson\nuid: src%s\ncn: Source %s\nsn: %s\nmail: src%s@example.test\njpegPhoto:< file://%s/photos/%s.jpg\n\n' \
            "${s%%:*}" "${s%%:*}" "${s%%:*}" "${s%%:*}" "${s%%:*}" "$work" "${s#*:}"
    done
} > "$work/people.ldif"
"$harness/slapd/slapd.sh" start "$work/slapd" "$ldap_port" "$work/people.ldif" >/dev/null

chmod 755 "$work"
[ "$(id -u)" = 0 ] && chown -R www-data "$work/php" 2>/dev/null || true
sed "s/@LDAP_PORT@/$ldap_port/" "$src/bench/photo.php" > "$work/php/photo.php"
fpm_user=""
[ "$(id -u)" = 0 ] && fpm_user=$'user = www-data\ngroup = www-data'
cat > "$work/php-fpm.conf" <<CONF
[global]
pid = $work/fpm.pid
error_log = $work/fpm.log
daemonize = yes
[bench]
$fpm_user
listen = 127.0.0.1:$fpm_port
pm = static
pm.max_children = 8
CONF
"$php_fpm" -R -y "$work/php-fpm.conf"

# The static baselines get Apache at its best: sendfile (httpd's default is off, which maps and
# copies each file, far slower on some virtual machines).
common="LogLevel error
EnableSendfile On
DocumentRoot \"$work/static\"
<Directory \"$work/static\">
    Require all granted
</Directory>"
EXTRA_CONF="$common
<Location \"/avatar\">
    SetHandler userphoto-avatar
</Location>
<Location \"/bearer-static\">
    AuthType oauth20
    Require valid-user
</Location>" "$harness/httpd.sh" start "$work/hot" "$hot_port" "$ldap_port" "$module" "$mpm"
EXTRA_CONF="$common
UserPhotoCacheTTL 0
LoadModule proxy_module $moddir/mod_proxy.so
LoadModule proxy_fcgi_module $moddir/mod_proxy_fcgi.so
ProxyPassMatch \"^/php/(photo\\.php)\$\" \"fcgi://127.0.0.1:$fpm_port$work/php/\$1\"" \
    "$harness/httpd.sh" start "$work/cold" "$cold_port" "$ldap_port" "$module" "$mpm"

rest="/ews500/Exchange.asmx/s/GetUserPhoto?email=user1@example.test&size=HR96x96"
curl -sf "http://127.0.0.1:$hot_port$rest" -o "$work/static/photo96.jpg"
curl -sf "http://127.0.0.1:$cold_port/php/photo.php?email=user1@example.test" -o "$work/php96.jpg" ||
    { echo "bench: the PHP baseline does not answer; $work/fpm.log:" >&2; cat "$work/fpm.log" >&2; exit 1; }

# Graph $value: the token is checked by mod_auth_openidc on every request, as in production.
graph="/graph/v1.0/me/photos/96x96/\$value"
graph_auth="Authorization: Bearer $("$harness/demo-token.sh" user1@example.test)"
curl -sf -H "$graph_auth" "http://127.0.0.1:$hot_port$graph" -o /dev/null ||
    { echo "bench: the Graph route does not answer" >&2; exit 1; }
# Its second baseline: the same bytes as a static file behind the same Bearer check.
mkdir -p "$work/static/bearer-static"
curl -sf -H "$graph_auth" "http://127.0.0.1:$hot_port$graph" -o "$work/static/bearer-static/photo96.jpg"

# Avatars: a known address (photo, 80 px) and an unknown one (the default silhouette), once the
# index is built (bounded wait); the static baseline serves the same avatar bytes.
avatar="/avatar/$(printf %s user1@example.test | md5sum | cut -c1-32)"
unknown_avatar="/avatar/$(printf %s nobody@example.test | md5sum | cut -c1-32)"
for ((i = 0; i < 100; i++)); do
    curl -sf "http://127.0.0.1:$hot_port$avatar" -o "$work/static/static-avatar80.jpg" && break
    sleep 0.1
done

# run_wrk NAME URL CONNS [lua script] [header] → appends "NAME rps p50ms p99ms" to $work/results
run_wrk() {
    local name=$1 url=$2 c=$3 script=${4:-} header=${5:-} out
    out=$(EMAIL=user1@example.test PEOPLE=$people wrk -t2 -c"$c" -d"${secs}s" --latency ${script:+-s "$script"} \
        ${header:+-H "$header"} "$url")
    awk -v name="$name" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
        / [0-9]+ requests in/ { }
        /Non-2xx/ { bad = $NF }
        END { printf "%s %s %s %s %s\n", name, rps, p50, p99, bad + 0 }' <<<"$out" >> "$work/results"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
col() { awk -v n="$1" -v k="$2" '$1 == n { print $k }' "$work/results" | median; }

echo "bench: hot path (cache on, keep-alive, $conns connections, $rounds x ${secs}s interleaved) ..." >&2
for ((r = 1; r <= rounds; r++)); do
    run_wrk static "http://127.0.0.1:$hot_port/photo96.jpg" "$conns"
    run_wrk rest "http://127.0.0.1:$hot_port$rest" "$conns"
    run_wrk soap "http://127.0.0.1:$hot_port/ews500/Exchange.asmx" "$conns" "$src/bench/soap.lua"
    run_wrk bearer_static "http://127.0.0.1:$hot_port/bearer-static/photo96.jpg" "$conns" "" "$graph_auth"
    run_wrk graph "http://127.0.0.1:$hot_port$graph" "$conns" "" "$graph_auth"
    run_wrk static_avatar "http://127.0.0.1:$hot_port/static-avatar80.jpg" "$conns"
    run_wrk avatar "http://127.0.0.1:$hot_port$avatar" "$conns"
    run_wrk avatar_unknown "http://127.0.0.1:$hot_port$unknown_avatar" "$conns"
done
# The kernel floor: the resize kernel alone on every core, on the cold row's own source (user1's
# photo), for as long as a wrk run; interleaved with the cold rounds so both see the same machine.
floor() {
    "$build/bench/resize_bench" --floor "$(nproc)" "$secs" 96 "$work/photos/person-1.jpg" |
        awk '{ printf "floor %s 0 0 0\n", $1 }' >> "$work/results"
}
echo "bench: cold path (cache off) against PHP + GD and the kernel floor ..." >&2
for ((r = 1; r <= rounds; r++)); do
    run_wrk cold "http://127.0.0.1:$cold_port$rest" 16
    run_wrk php "http://127.0.0.1:$cold_port/php/photo.php?email=user1@example.test" 16
    floor
done
echo "bench: cold path by source size ..." >&2
for s in 96 648 1296 4000; do
    run_wrk "src$s" "http://127.0.0.1:$cold_port/ews500/Exchange.asmx/s/GetUserPhoto?email=src$s@example.test&size=HR96x96" 4
done

echo "bench: memory under a mixed load ..." >&2
child_rss() {  # largest resident set of the hot instance's children, KiB
    ps --ppid "$(cat "$work/hot/httpd.pid")" -o rss= | sort -n | tail -1
}
total=0
mixed() {  # run the mixed load until at least $1 requests were answered in total
    while ((total < $1)); do
        n=$(wrk -t2 -c16 -d2s -s "$src/bench/mixed.lua" "http://127.0.0.1:$hot_port/" | awk '/ requests in/ { print $1 }')
        total=$((total + n))
    done
}
mixed 10000; rss10k=$(child_rss); at10k=$total
mixed 100000; rss100k=$(child_rss); at100k=$total

resize=$("$build/bench/resize_bench" 96 20 "$work/photos/square96.jpg" "$work/photos/square648.jpg" \
    "$work/photos/large1296.jpg" "$work/photos/large4000.jpg")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }
errors=$(awk '{ s += $5 } END { print s + 0 }' "$work/results")
{
echo "mod_userphoto benchmarks — $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m), MPM $mpm"
echo "command: bench/run.sh  (ROUNDS=$rounds BENCH_SECONDS=$secs CONNECTIONS=$conns PEOPLE=$people)"
echo
printf '%-44s %12s %9s %9s %10s\n' "benchmark (medians of $rounds runs)" "req/s" "p50 ms" "p99 ms" "ratio"
printf '%-44s %12s %9s %9s %10s\n' "1/2 static file, same JPEG bytes" "$(col static 2)" "$(col static 3)" "$(col static 4)" "1.00x"
printf '%-44s %12s %9s %9s %10s\n' "1   REST HR96x96, cached (target >= 0.9x)" "$(col rest 2)" "$(col rest 3)" "$(col rest 4)" "$(ratio "$(col rest 2)" "$(col static 2)")"
printf '%-44s %12s %9s %9s %10s\n' "2   SOAP HR96x96, cached (target >= 0.6x)" "$(col soap 2)" "$(col soap 3)" "$(col soap 4)" "$(ratio "$(col soap 2)" "$(col static 2)")"
printf '%-44s %12s %9s %9s %10s\n' "9   Graph \$value 96x96, Bearer (>= 1.0x)" "$(col graph 2)" "$(col graph 3)" "$(col graph 4)" "$(ratio "$(col graph 2)" "$(col static 2)")"
printf '%-44s %12s %9s %9s %10s\n' "9/  static file behind the same Bearer check" "$(col bearer_static 2)" "$(col bearer_static 3)" "$(col bearer_static 4)" "1.00x"
printf '%-44s %12s %9s %9s %10s\n' "9   Graph \$value against that" "$(col graph 2)" "$(col graph 3)" "$(col graph 4)" "$(ratio "$(col graph 2)" "$(col bearer_static 2)")"
printf '%-44s %12s %9s %9s %10s\n' "7/8 static file, same avatar JPEG bytes" "$(col static_avatar 2)" "$(col static_avatar 3)" "$(col static_avatar 4)" "1.00x"
printf '%-44s %12s %9s %9s %10s\n' "7   avatar, known hash, 80 px (target >= 1.0x)" "$(col avatar 2)" "$(col avatar 3)" "$(col avatar 4)" "$(ratio "$(col avatar 2)" "$(col static_avatar 2)")"
printf '%-44s %12s %9s %9s %10s\n' "8   avatar, unknown hash, mp (target >= 1.0x)" "$(col avatar_unknown 2)" "$(col avatar_unknown 3)" "$(col avatar_unknown 4)" "$(ratio "$(col avatar_unknown 2)" "$(col static_avatar 2)")"
printf '%-44s %12s %9s %9s %10s\n' "3   PHP + GD baseline, 648->96, 16 conn." "$(col php 2)" "$(col php 3)" "$(col php 4)" "1.00x"
printf '%-44s %12s %9s %9s %10s\n' "3   cold (cache off), 648->96 (target >= 6x)" "$(col cold 2)" "$(col cold 3)" "$(col cold 4)" "$(ratio "$(col cold 2)" "$(col php 2)")"
printf '%-44s %12s %9s %9s %10s\n' "3/  kernel floor, 648->96, $(nproc) threads" "$(col floor 2)" "" "" "1.00x"
printf '%-44s %12s %9s %9s %10s\n' "3   cold against it (target >= 0.75x)" "$(col cold 2)" "$(col cold 3)" "$(col cold 4)" "$(ratio "$(col cold 2)" "$(col floor 2)")"
for s in 96 648 1296 4000; do
    printf '%-44s %12s %9s %9s %10s\n' "6   cold, ${s}px source -> 96 (4 conn., 1 run)" "$(col src$s 2)" "$(col src$s 3)" "$(col src$s 4)" "$(ratio "$(col src96 2)" "$(col src$s 2)")"
done
echo "    (3/: the resize kernel alone in process, renders/s on every core, user1's photo, as the cold row;"
echo "     ratio for 6: cost relative to the 96 px source)"
echo "    non-2xx answers in all wrk runs: $errors"
echo
echo "4   resize kernel, in process, one thread, 96 px output, JPEG quality 85 (target 648 -> 96 <= 0.6 ms):"
echo "$resize" | sed 's/^/    /'
echo "    (speed = libvips ms / ours ms; PSNR against a Lanczos3 downscale of the full-resolution decode)"
echo
echo "5   memory: largest child RSS $((rss10k / 1024)) MiB after $at10k mixed requests, $((rss100k / 1024)) MiB after $at100k" \
     "($(awk -v a="$rss100k" -v b="$rss10k" 'BEGIN { printf "%+.1f %%", (a - b) * 100 / b }'); target within 10 %)"
}
