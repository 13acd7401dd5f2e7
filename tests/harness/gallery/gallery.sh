#!/usr/bin/env bash
# Writes the people gallery into an httpd's document root (DIR/htdocs/gallery/index.html): every
# person of the demo directory at LDAP_PORT (or those FILTER selects), for the demo and the browser test.
#   gallery.sh DIR LDAP_PORT [FILTER]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:?DIR}
ldap_port=${2:?LDAP_PORT}
filter=${3:-'(&(objectClass=inetOrgPerson)(mail=*))'}
people=$(ldapsearch -LLL -x -o ldif-wrap=no -E pr=500/noprompt -H "ldap://127.0.0.1:$ldap_port" \
             -b ou=people,dc=example,dc=test "$filter" uid mail uidNumber |
         awk 'function flush() {
                  if (mail != "") { printf "%s{\"uid\":\"%s\",\"mail\":\"%s\",\"number\":%s}", sep, uid, mail, nr == "" ? "null" : nr; sep = ",\n" }
                  uid = ""; mail = ""; nr = ""
              }
              /^uid: / { uid = substr($0, 6) }
              /^mail: / { if (mail == "") mail = substr($0, 7) }
              /^uidNumber: / { nr = substr($0, 12) }
              /^$/ { flush() }
              END { flush() }')
mkdir -p "$dir/htdocs/gallery"
PEOPLE="[$people]" perl -pe 's/\/\*PEOPLE\*\/\[\]/$ENV{PEOPLE}/' "$here/index.html" > "$dir/htdocs/gallery/index.html"
chmod -R a+rX "$dir/htdocs"
