#!/usr/bin/env bash
# Sends an onOffice API userphoto read to the demo, signed (HMAC v2) as the official SDK does.
#   demo-onoffice.sh BASE_URL [PARAMETERS_JSON]
# e.g. demo-onoffice.sh http://127.0.0.1:8080 '{"photosAsLinks":true,"filter":{"Nr":[{"op":"in","val":[1001,1002]}]}}'
set -euo pipefail
base=${1:?BASE_URL}
parameters=${2:-'{"photosAsLinks":true,"listlimit":3}'}
token="itest-token"
secret="itest-secret-0123456789"
actionid="urn:onoffice-de-ns:smart:2.5:smartml:action:read"
resourcetype="userphoto"
timestamp=$(date +%s)
hmac=$(printf '%s%s%s%s' "$timestamp" "$token" "$resourcetype" "$actionid" |
       openssl dgst -sha256 -hmac "$secret" -binary | openssl base64 -A)
body=$(printf '{"token":"%s","request":{"actions":[{"actionid":"%s","identifier":"","resourceid":"","resourcetype":"%s","parameters":%s,"timestamp":%d,"hmac_version":2,"hmac":"%s"}]}}' \
       "$token" "$actionid" "$resourcetype" "$parameters" "$timestamp" "$hmac")
curl -s -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$body" "$base/api/stable/api.php"
echo
