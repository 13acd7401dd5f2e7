#!/usr/bin/env bash
# A private Samba Active Directory domain controller on loopback for tests and the demo.
#
#   samba-ad.sh template TEMPLATE PHOTODIR   provision, seed and make TLS/Kerberos files once into
#                                            TEMPLATE (reused while this script and seed.py are
#                                            unchanged: provisioning takes ~15 s, a copy ~0.2 s)
#   samba-ad.sh start DIR TEMPLATE           copy the template to DIR and start the DC from there
#   samba-ad.sh stop DIR | restart DIR
#
# Realm AD.USERPHOTO.TEST, domain USERPHOTO, base DC=ad,DC=userphoto,DC=test. The DC listens on
# 127.0.0.1 only, on AD's fixed ports (LDAP 389, LDAPS 636, GC 3268/3269, Kerberos 88/464): only
# one such DC can run on a machine at a time, and these ports must be free. Only the LDAP and KDC
# services run (no RPC: its endpoints 49152+ lie in the ephemeral port range and collide with
# other tests' connections). Needs root (Samba AD DC).
# DIR (and TEMPLATE) hold: dc/ (smb.conf, databases), tls/ca.pem + dc.pem (SAN IP:127.0.0.1,
# DNS:localhost), krb5.conf (KDC 127.0.0.1, no DNS canonicalisation; realm NOWHERE.TEST has
# no KDC), photo-svc.keytab, nowhere.keytab (photo-svc@NOWHERE.TEST).
# Users: asmith, bjones, dwhite (share smtp:team@), cnophoto (no photo), photo-svc; password
# "Pw-<user>-1". Administrator's password: Admin-Pass-1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
REALM=AD.USERPHOTO.TEST
PYTHON=/usr/bin/python3   # samba's Python modules belong to the system interpreter
WAIT=${SAMBA_AD_WAIT:-30}

die() { echo "samba-ad.sh: $*" >&2; exit 1; }

answers() {  # DIR → 0 when the DC answers an LDAPS root DSE search checked against its CA
    LDAPTLS_CACERT="$1/tls/ca.pem" ldapsearch -x -H ldaps://127.0.0.1 -b '' -s base -o nettimeout=1 -l 1 \
        '(objectClass=*)' dnsHostName >/dev/null 2>&1
}

fingerprint() { cat "$here/samba-ad.sh" "$here/seed.py" | sha256sum | cut -c1-16; }

make_template() {
    local t=$1 photos=$2
    if [ -f "$t/ready" ] && [ "$(cat "$t/ready")" = "$(fingerprint)" ]; then return 0; fi
    [ "$(id -u)" = 0 ] || die "a Samba AD DC needs root"
    rm -rf "$t"
    mkdir -p "$t/tls"
    # The DC's own CA and a certificate for the loopback names.
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$t/tls/ca.key" -out "$t/tls/ca.pem" -days 3650 \
        -subj "/CN=mod_userphoto test AD CA" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout "$t/tls/dc.key" -out "$t/tls/dc.csr" -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$t/tls/ext"
    openssl x509 -req -in "$t/tls/dc.csr" -CA "$t/tls/ca.pem" -CAkey "$t/tls/ca.key" -CAcreateserial \
        -out "$t/tls/dc.pem" -days 3650 -extfile "$t/tls/ext" 2>/dev/null
    chmod 600 "$t/tls/dc.key"
    samba-tool domain provision --targetdir="$t/dc" --realm=$REALM --domain=USERPHOTO --server-role=dc \
        --dns-backend=NONE --use-rfc2307 --host-ip=127.0.0.1 --host-name=dc1 --adminpass='Admin-Pass-1' \
        --option="interfaces = lo" --option="bind interfaces only = yes" \
        --option="server services = ldap, kdc" >"$t/provision.log" 2>&1 ||
        { tail -20 "$t/provision.log" >&2; die "provisioning failed"; }
    # TLS with our certificate; logs and pid files inside the directory.
    perl -0pi -e "s|\[global\]\n|[global]\n\ttls enabled = yes\n\ttls keyfile = $t/tls/dc.key\n\ttls certfile = $t/tls/dc.pem\n\ttls cafile = $t/tls/ca.pem\n\tpid directory = $t/dc\n\tlog level = 1\n|; s|\tlog file = [^\n]*\n|\tlog file = $t/dc/log.%m\n|" "$t/dc/etc/smb.conf"
    $PYTHON "$here/seed.py" "$t/dc/etc/smb.conf" "$photos" >"$t/seed.log" 2>&1 || { cat "$t/seed.log" >&2; die "seeding failed"; }
    # Service tickets for the name in the URL: ldap/127.0.0.1 (clients do not canonicalise it).
    samba-tool spn add ldap/127.0.0.1 'DC1$' -s "$t/dc/etc/smb.conf" >>"$t/seed.log" 2>&1
    samba-tool domain exportkeytab "$t/photo-svc.keytab" --principal="photo-svc@$REALM" \
        -s "$t/dc/etc/smb.conf" >>"$t/seed.log" 2>&1 || { cat "$t/seed.log" >&2; die "keytab export failed"; }
    cat >"$t/krb5.conf" <<KRB5
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
[realms]
    $REALM = {
        kdc = 127.0.0.1
    }
    # A realm whose KDC never answers (port 9, discard), for the "KDC unreachable" log line.
    NOWHERE.TEST = {
        kdc = 127.0.0.1:9
    }
KRB5
    # A key for the realm without a KDC: the ticket request then has nobody to ask.
    printf 'addent -password -p photo-svc@NOWHERE.TEST -k 1 -e aes256-cts-hmac-sha1-96\nPw-nowhere-1\nwkt %s\nquit\n' \
        "$t/nowhere.keytab" | ktutil >>"$t/seed.log" 2>&1
    [ -s "$t/nowhere.keytab" ] || die "ktutil could not write $t/nowhere.keytab"
    echo "$t" >"$t/path"
    fingerprint >"$t/ready"
}

start() {
    local d=$1 t=$2
    [ -f "$t/ready" ] || die "no template in $t"
    stop "$d"
    rm -rf "$d"
    mkdir -p "$(dirname "$d")"
    cp -a "$t" "$d"
    local from; from=$(cat "$t/path")
    sed -i "s|$from|$d|g" "$d/dc/etc/smb.conf"
    echo "$d" >"$d/path"
    # The module runs as www-data: it must read the CA, the keytab and krb5.conf.
    chmod 755 "$d" "$d/tls"
    chmod 644 "$d/tls/ca.pem" "$d/photo-svc.keytab" "$d/nowhere.keytab" "$d/krb5.conf"
    restart_dc "$d"
}

restart_dc() {
    local d=$1
    answers "$d" && die "something already answers LDAPS on 127.0.0.1:636"
    samba -s "$d/dc/etc/smb.conf" --foreground --no-process-group >"$d/dc/samba.out" 2>&1 &
    echo $! >"$d/samba.pid"
    for _ in $(seq 1 $((WAIT * 5))); do
        answers "$d" && return 0
        kill -0 "$(cat "$d/samba.pid")" 2>/dev/null || { tail -20 "$d/dc/samba.out" >&2; die "samba exited"; }
        sleep 0.2
    done
    die "the DC did not answer within $WAIT s"
}

stop() {
    local d=$1
    [ -f "$d/samba.pid" ] || return 0
    local pid; pid=$(cat "$d/samba.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$d/samba.pid"
    # Its children (smbd, winbindd, the LDAP/KDC workers) go with the parent; wait for the ports.
    for _ in $(seq 1 100); do
        answers "$d" || return 0
        sleep 0.1
    done
}

case "${1:-}" in
template) make_template "${2:?TEMPLATE}" "${3:?PHOTODIR}" ;;
start) start "${2:?DIR}" "${3:?TEMPLATE}" ;;
stop) stop "${2:?DIR}" ;;
restart) stop "${2:?DIR}"; restart_dc "$2" ;;
*) die "usage: samba-ad.sh template TEMPLATE PHOTODIR | start DIR TEMPLATE | stop DIR | restart DIR" ;;
esac
