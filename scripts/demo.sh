#!/usr/bin/env bash
# Starts a local KMS emulator, creates a demo key against it, and stops the emulator again.
# No cloud account needed: the emulator's published test credentials are used.
set -euo pipefail
cd "$(dirname "$0")/.."

export TENCENTCLOUD_SECRET_ID=AKIDkmsEmulatorTestId000000000000000
export TENCENTCLOUD_SECRET_KEY=kmsEmulatorTestKey00000000000000
export TENCENTCLOUD_REGION=ap-guangzhou

log=$(mktemp)
node bin/kms.js emulator --port 0 >"$log" 2>/dev/null &
emulator=$!
trap 'kill "$emulator" 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 50); do
  url=$(sed -n 's/^KMS emulator listening on //p' "$log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "${url:-}" ] || { echo "demo: the emulator did not start" >&2; exit 1; }
echo "Started kms emulator at $url"
echo

alias="demo-$(date +%s)"
echo "\$ kms create-key --alias $alias --tag env=demo --output table"
node bin/kms.js create-key --endpoint "$url" --alias "$alias" --tag env=demo --output table
echo
echo "\$ kms create-key --alias $alias-signer --usage ASYMMETRIC_SIGN_VERIFY_ECC --json"
node bin/kms.js create-key --endpoint "$url" --alias "$alias-signer" --usage ASYMMETRIC_SIGN_VERIFY_ECC --json
