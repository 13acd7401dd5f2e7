#!/usr/bin/env bash
# Avatar hash index build time and memory at 10,000 and 100,000 people with two addresses each
# (mail + an smtp: alias), from a private slapd (tests/harness).
#   bench/avatar_index.sh [COUNTS]     (default "10000 100000"; targets: 100k in <= 15 s, <= 20 MB)
# Builds in $BUILD_DIR (default ./build). Seeding 100,000 entries with slapadd takes a minute or two.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build}
counts=${1:-10000 100000}
make -C "$build" -s bench/avatar_index >/dev/null
work=$(mktemp -d /tmp/userphoto-avatar-bench-XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cleanup() {
    "$src/tests/harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# 100,000 entries outgrow the harness's 100 MiB database map: slapadd and slapd run through
# wrappers that enlarge it in the configuration they are given (-f FILE).
mkdir -p "$work/bin"
for tool in slapadd slapd; do
    real=$(command -v "$tool" || ls "/usr/sbin/$tool")
    cat > "$work/bin/$tool" <<WRAP
#!/bin/sh
prev=""
for arg in "\$@"; do [ "\$prev" = "-f" ] && sed -i 's/^maxsize .*/maxsize 1073741824/' "\$arg"; prev=\$arg; done
exec "$real" "\$@"
WRAP
    chmod +x "$work/bin/$tool"
done
export SLAPADD=$work/bin/slapadd SLAPD=$work/bin/slapd SLAPD_WAIT=60

for n in $counts; do
    "$src/tests/harness/slapd/slapd.sh" stop "$work/slapd" >/dev/null 2>&1 || true
    rm -rf "$work/slapd"
    awk -v n="$n" 'BEGIN {
        print "dn: dc=example,dc=test\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n"
        print "dn: ou=people,dc=example,dc=test\nobjectClass: organizationalUnit\nou: people\n"
        for (i = 1; i <= n; i++)
            printf "dn: uid=user%d,ou=people,dc=example,dc=test\nobjectClass: inetOrgPerson\nobjectClass: userPhotoAliasPerson\nuid: user%d\ncn: User Number%d\nsn: Number%d\nmail: user%d@example.test\nuserPhotoMailAlias: smtp:user%d.alias@example.test\n\n", i, i, i, i, i, i
    }' > "$work/people.ldif"
    port=$(free_port)
    seed_start=$(date +%s)
    "$src/tests/harness/slapd/slapd.sh" start "$work/slapd" "$port" "$work/people.ldif" >/dev/null
    echo "seeded $n people in $(($(date +%s) - seed_start)) s" >&2
    /usr/bin/time -f "builder process: max RSS %M KiB" "$build/bench/avatar_index" \
        "ldap://127.0.0.1:$port/ou=people,dc=example,dc=test?mail?sub?(objectClass=inetOrgPerson)" \
        "cn=admin,dc=example,dc=test" secret userPhotoMailAlias
done
