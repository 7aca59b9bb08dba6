#!/usr/bin/env bash
# Signs a local HS256 token for MSO Ledger with LEDGER_JWT_SECRET (the same secret the service uses).
# Usage: LEDGER_JWT_SECRET=... deploy/local-token.sh ROLE[,ROLE...] [subject] [practiceId,practiceId...]
# Roles: FINANCE AUDITOR DASHBOARD ADMIN PRACTICE. Local use only: production tokens come from your issuer.
set -euo pipefail
roles=${1:?usage: local-token.sh ROLE[,ROLE] [subject] [practiceIds]}
subject=${2:-local-user}
practices=${3:-}
secret=${LEDGER_JWT_SECRET:?set LEDGER_JWT_SECRET (at least 32 bytes), the same value the service runs with}
audience=${LEDGER_JWT_AUDIENCE:-mso-ledger}
now=$(date +%s)
exp=$((now + 8 * 3600))
json_list() { local IFS=,; local out=""; for x in $1; do out="$out${out:+,}\"$x\""; done; echo "[$out]"; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"mso-ledger-local","aud":"%s","sub":"%s","iat":%d,"exp":%d,"roles":%s,"practices":%s}' \
  "$audience" "$subject" "$now" "$exp" "$(json_list "$roles")" "$(json_list "$practices")" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$secret" -binary | b64url)
echo "$header.$payload.$signature"
