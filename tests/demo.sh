#!/usr/bin/env bash
# The demo: builds the module, seeds a slapd with sample people and generated photos, starts httpd
# with the module on 127.0.0.1 and prints URLs to try.
#   tests/demo.sh          start (ports: USERPHOTO_DEMO_PORT=8080, USERPHOTO_DEMO_LDAP_PORT=3389)
#   tests/demo.sh --ad     the same against a Samba AD DC on 127.0.0.1 (root; ports 88/389/636)
#   tests/demo.sh stop     stop both servers
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
harness="$src/tests/harness"
demo=${USERPHOTO_DEMO_DIR:-/tmp/userphoto-demo}
port=${USERPHOTO_DEMO_PORT:-8080}
ldap_port=${USERPHOTO_DEMO_LDAP_PORT:-3389}

"$harness/httpd.sh" stop "$demo/httpd" >/dev/null 2>&1 || true
"$harness/slapd/slapd.sh" stop "$demo/slapd" >/dev/null 2>&1 || true
"$harness/demo-ad.sh" stop "$demo" >/dev/null 2>&1 || true
[ "${1:-}" = stop ] && { echo "demo stopped"; exit 0; }

build=$("$src/tests/build.sh" | tail -n 1)
rm -rf "$demo"
mkdir -p "$demo/photos" "$demo/httpd"
"$build/tests/tools/make_test_photos" "$demo/photos" --people 20 >/dev/null
"$harness/people.sh" "$demo/photos" 20 > "$demo/people.ldif"
"$harness/slapd/slapd.sh" start "$demo/slapd" "$ldap_port" "$demo/people.ldif" >/dev/null
if [ "${1:-}" = --ad ]; then exec "$harness/demo-ad.sh" "$build" "$demo" "$port" "$ldap_port"; fi
# Libravatar / Gravatar: the hash index covers the mail attribute and the smtp: aliases. The
# directory watch (syncrepl) brings changes made with ldapmodify to the caches and the index at once.
EXTRA_CONF='UserPhotoDirectoryWatch auto
UserPhotoEmailAliasAttribute userPhotoMailAlias
<Location "/avatar">
    SetHandler userphoto-avatar
</Location>' \
    "$harness/httpd.sh" start "$demo/httpd" "$port" "$ldap_port" "$build/mod_userphoto/.libs/mod_userphoto.so"
"$harness/gallery/gallery.sh" "$demo/httpd" "$ldap_port"
md5() { printf %s "$1" | md5sum | cut -c1-32; }
sha256() { printf %s "$1" | sha256sum | cut -c1-64; }

base="http://127.0.0.1:$port"
cat <<TXT
mod_userphoto demo is running.
  httpd  $base            (config: $demo/httpd/httpd.conf, log: $demo/httpd/error.log)
  slapd  ldap://127.0.0.1:$ldap_port   base ou=people,dc=example,dc=test (admin: cn=admin,dc=example,dc=test / secret)
People: alice bob carol ... ivan, user1 ... user20, all @example.test; password of <uid> is pw-<uid>.

EWS GetUserPhoto (behind Basic auth against the directory):
  curl -u bob@example.test:pw-bob -o alice.jpg '$base/ews/Exchange.asmx/s/GetUserPhoto?email=alice@example.test&size=HR240x240'
  curl -u bob@example.test:pw-bob -i '$base/ews/Exchange.asmx/s/GetUserPhoto?email=bob@example.test&size=HR96x96'
  curl -u ivan@example.test:pw-ivan -o me.jpg '$base/ews/Exchange.asmx/s/GetUserPhoto?size=HR648x648'
  curl -u bob@example.test:pw-bob -H 'Content-Type: text/xml; charset=utf-8' $base/EWS/Exchange.asmx --data-binary \\
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Body><m:GetUserPhoto><m:Email>user7@example.test</m:Email><m:SizeRequested>HR96x96</m:SizeRequested></m:GetUserPhoto></soap:Body></soap:Envelope>'
  curl -i -u bob@example.test:pw-bob '$base/ews/Exchange.asmx/s/GetUserPhoto?email=erin@example.test&size=HR96x96'   # no photo: 404

onOffice API userphoto (token itest-token, HMAC v2 signed by the script):
  tests/harness/demo-onoffice.sh $base '{"photosAsLinks":true,"filter":{"Nr":[{"op":"in","val":[1001,1002,1005]}]}}'

Salesforce Connect user-profile photo (Bearer JWT checked by mod_auth_openidc):
  TOKEN=\$(tests/harness/demo-token.sh alice@example.test)
  curl -H "Authorization: Bearer \$TOKEN" $base/services/data/v50.0/connect/user-profiles/me/photo
  curl -H "Authorization: Bearer \$TOKEN" -F fileUpload=@alice.jpg $base/services/data/v50.0/connect/user-profiles/me/photo
  curl -X DELETE -H "Authorization: Bearer \$TOKEN" $base/services/data/v50.0/connect/user-profiles/me/photo

Microsoft Graph profile photo (same Bearer JWT; users by entryUUID, userPrincipalName or address):
  curl -H "Authorization: Bearer \$TOKEN" $base/graph/v1.0/me/photo
  curl -H "Authorization: Bearer \$TOKEN" $base/graph/v1.0/users/gadele@example.test/photos
  curl -H "Authorization: Bearer \$TOKEN" -o adele96.jpg '$base/graph/v1.0/users/adele.vance@corp.example.test/photos/96x96/\$value'
  curl -H "Authorization: Bearer \$TOKEN" -X PUT -H 'Content-Type: image/jpeg' --data-binary @alice.jpg '$base/graph/v1.0/me/photo/\$value'
  curl -H "Authorization: Bearer \$TOKEN" -X DELETE $base/graph/v1.0/me/photo
  curl -i -H "Authorization: Bearer \$TOKEN" '$base/graph/v1.0/users/gcleo@example.test/photo/\$value'   # no photo: 404 ImageNotFound

Libravatar / Gravatar avatars (no authentication; lowercase address, MD5 or SHA-256):
  curl -o alice80.jpg '$base/avatar/$(md5 alice@example.test)?s=80'
  curl -o heidi.jpg '$base/avatar/$(sha256 heidi.alias@example.test)?s=128'      # an smtp: alias
  curl -i '$base/avatar/$(md5 erin@example.test)?d=initials'                     # no photo: drawn initials
  curl -i '$base/avatar/$(md5 nobody@example.test)?d=404'                        # unknown: 404

People gallery (every person at three sizes through each protocol) and the status page:
  $base/gallery/index.html
  $base/userphoto-status     ($base/userphoto-status?json, $base/userphoto-status?metrics, $base/server-status)

Stop with: tests/demo.sh stop
TXT
