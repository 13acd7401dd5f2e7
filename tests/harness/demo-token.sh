#!/usr/bin/env bash
# Prints an HS256 JWT for EMAIL, signed with the demo/test key that mod_auth_openidc is configured
# with in httpd.conf.in (OIDCOAuthVerifySharedKeys), valid for one hour. For the demo only.
#   demo-token.sh alice@example.test
set -euo pipefail
email=${1:?EMAIL}
key="userphoto-integration-test-hs256-key-0123456789"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"email":"%s","exp":%d}' "$email" $(($(date +%s) + 3600)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
