#!/usr/bin/env bash
# The demo against Active Directory: a Samba AD DC on 127.0.0.1 (tests/harness/samba-ad, needs
# root and free ports 88/389/636), reached over ldaps:// with its own CA, proxyAddresses aliases
# on, EWS for everyone and for Basic-authenticated AD users (mod_authnz_ldap against the DC).
#   demo-ad.sh BUILD DEMO_DIR PORT LDAP_PORT   (called by tests/demo.sh --ad)
#   demo-ad.sh stop DEMO_DIR
set -euo pipefail
harness=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = stop ]; then
    "$harness/samba-ad/samba-ad.sh" stop "$2/ad" >/dev/null 2>&1 || true
    exit 0
fi
build=$1 demo=$2 port=$3 ldap_port=$4
tmpl="$build/tests/samba-ad/template"
echo "provisioning the AD template (once per build directory, ~15 s) ..." >&2
"$harness/samba-ad/samba-ad.sh" template "$tmpl" "$demo/photos"
"$harness/samba-ad/samba-ad.sh" start "$demo/ad" "$tmpl"
export KRB5_CONFIG="$demo/ad/krb5.conf"
base="DC=ad,DC=userphoto,DC=test"
EXTRA_CONF="
UserPhotoLDAPURL \"ldaps://127.0.0.1/$base?mail?sub?(objectClass=user)\"
UserPhotoLDAPTrustedCA $demo/ad/tls/ca.pem
UserPhotoLDAPBindDN photo-svc@ad.userphoto.test
UserPhotoLDAPBindPassword Pw-photo-svc-1
UserPhotoEmailAliasAttribute proxyAddresses
UserPhotoRemoteUserAttribute userPrincipalName
LDAPTrustedGlobalCert CA_BASE64 $demo/ad/tls/ca.pem
<Location \"/ad/Exchange.asmx\">
    SetHandler userphoto-ews
</Location>
<Location \"/ad-user/Exchange.asmx\">
    SetHandler userphoto-ews
    AuthType Basic
    AuthName \"AD\"
    AuthBasicProvider ldap
    AuthLDAPURL \"ldaps://127.0.0.1/$base?userPrincipalName?sub?(objectClass=user)\"
    AuthLDAPBindDN photo-svc@ad.userphoto.test
    AuthLDAPBindPassword Pw-photo-svc-1
    Require valid-user
</Location>
" "$harness/httpd.sh" start "$demo/httpd" "$port" "$ldap_port" "$build/mod_userphoto/.libs/mod_userphoto.so"

b="http://127.0.0.1:$port"
cat <<TXT
mod_userphoto demo against Active Directory (Samba AD DC) is running.
  httpd  $b   (config: $demo/httpd/httpd.conf, log: $demo/httpd/error.log)
  DC     ldaps://127.0.0.1  realm AD.USERPHOTO.TEST  base $base  CA $demo/ad/tls/ca.pem
         Administrator / Admin-Pass-1; users asmith bjones dwhite cnophoto, password Pw-<user>-1
Photos by address, aliases from proxyAddresses included (case does not matter):
  curl -o anna.jpg '$b/ad/Exchange.asmx/s/GetUserPhoto?email=anna.smith@ad.userphoto.test&size=HR240x240'
  curl -o anna.jpg '$b/ad/Exchange.asmx/s/GetUserPhoto?email=ANNA.SMITH@corp.example&size=HR96x96'
  curl -i '$b/ad/Exchange.asmx/s/GetUserPhoto?email=team@ad.userphoto.test&size=HR96x96'   # shared alias: 404, logged
  curl -i '$b/ad/Exchange.asmx/s/GetUserPhoto?email=carl.nophoto@ad.userphoto.test&size=HR96x96'   # no photo: 404
Your own photo, signed in as an AD user:
  curl -u asmith@ad.userphoto.test:Pw-asmith-1 -o me.jpg '$b/ad-user/Exchange.asmx/s/GetUserPhoto?size=HR96x96'
Change a photo in AD (samba-tool talks to the DC over ldap:// with signing):
  samba-tool user show asmith -H ldap://127.0.0.1 -U Administrator%Admin-Pass-1 --attributes=proxyAddresses
Stop with: tests/demo.sh stop
TXT
