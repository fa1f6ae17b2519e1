#!/usr/bin/env bash
# The benchmarks (not tests): run by `./dev bench` after the component is built.
#  1. per-call cost: instantiate + getUser against the in-process fake org (examples/bench.rs);
#  2. a whole `okta-harness run listUsers` with Fetch All over 10,000 users (50 pages of 200), served by
#     `okta-harness serve` on loopback and reached with --base-url: wall time and peak RSS of the process.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build -q --profile host -p okta-harness --bin okta-harness --example bench
bin=target/host/okta-harness

echo "== per-call cost (in-process fake org)"
target/host/examples/bench

echo
echo "== okta-harness run listUsers (Fetch All, 200 per page, search=id pr: all 10,000 users in 50 pages) from a loopback okta-harness serve"
log=$(mktemp)
"$bin" serve --users 10000 >"$log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log" "$log.out"' EXIT
for _ in $(seq 100); do [ "$(wc -l <"$log")" -ge 2 ] && break; sleep 0.1; done
base_url=$(sed -n 1p "$log")
token=$(sed -n 2p "$log")

list_all=(run listUsers --input fetchAll=true --input limit=200 --input 'search=id pr' --base-url "$base_url")
export OKTA_DOMAIN=fake-org.okta.com OKTA_API_TOKEN="$token"
"$bin" "${list_all[@]}" >"$log.out" # first run: fills the precompiled-component cache
users=$(grep -c '"login":' "$log.out" || true)
echo "users returned: $users ($(wc -c <"$log.out") bytes of JSON)"
for i in 1 2 3 4 5; do
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "run $i: %e s wall, %M KiB peak RSS" "$bin" "${list_all[@]}" >/dev/null
  else
    start=$(date +%s%N)
    "$bin" "${list_all[@]}" >/dev/null
    echo "run $i: $(( ($(date +%s%N) - start) / 1000000 )) ms wall (install GNU time for the peak RSS)"
  fi
done
