#!/usr/bin/env bash
# The benchmarks (not tests): run by `./dev bench` after the component is built.
#  1. per-call cost: instantiate + get-manifest and instantiate + getUser against the in-process fake org
#     (examples/bench.rs);
#  2. whole `okta-harness run` processes against `okta-harness serve` on loopback, reached with --base-url: wall
#     time, peak RSS of the harness process, and the TCP connections each run opened (client sockets left in
#     TIME_WAIT, counted with `ss`):
#     a. listUsers Fetch All over 10,000 users (50 pages of 200), five times;
#     b. listUsers Fetch All --ndjson over 1,000,000 users (5,000 pages of 200), streamed page by page;
#     c. listUsers Fetch All without --ndjson over 300,000 users: the budgeted part with `after`, exit 0;
#     d. getSystemLogs Fetch All over 10,000 events (10 pages of 1,000), whole and --ndjson.
# Set BENCH_QUICK=1 to skip the 1,000,000-user run.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build -q --profile host -p okta-harness --bin okta-harness --example bench
bin=target/host/okta-harness
tmp=$(mktemp -d)
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# serve NAME ARGS…: starts `okta-harness serve ARGS…` and sets $base_url, $port and $OKTA_API_TOKEN.
serve() {
  local log="$tmp/$1.serve"
  "$bin" serve "${@:2}" >"$log" 2>/dev/null &
  servers+=($!)
  for _ in $(seq 1200); do [ "$(wc -l <"$log")" -ge 2 ] && break; sleep 0.1; done
  base_url=$(sed -n 1p "$log")
  port=${base_url##*:}
  export OKTA_DOMAIN=fake-org.okta.com OKTA_API_TOKEN
  OKTA_API_TOKEN=$(sed -n 2p "$log")
}

# Client connections to the current server that have been closed (TIME_WAIT lasts a minute, longer than a run).
closed_connections() {
  ss -Htan state time-wait "( dport = :$port )" | wc -l
}

# measure LABEL OUT ARGS…: runs `okta-harness ARGS…` with stdout to OUT; prints wall time, peak RSS, exit code
# and connections opened.
measure() {
  local label=$1 out=$2 before status=0
  before=$(closed_connections)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$tmp/time" -f "%e s wall, %M KiB peak RSS" "$bin" "${@:3}" >"$out" || status=$?
  else
    local start; start=$(date +%s%N)
    "$bin" "${@:3}" >"$out" || status=$?
    echo "$(( ($(date +%s%N) - start) / 1000000 )) ms wall (install GNU time for the peak RSS)" >"$tmp/time"
  fi
  sleep 0.2 # let the closed sockets reach TIME_WAIT
  echo "$label: $(cat "$tmp/time"), exit $status, $(( $(closed_connections) - before )) connection(s)"
}

echo "== per-call cost (in-process fake org)"
target/host/examples/bench

echo
echo "== listUsers Fetch All over 10,000 users (200 per page, search=id pr: 50 pages) from a loopback serve"
serve users10k --users 10000
list_all=(run listUsers --input fetchAll=true --input limit=200 --input 'search=id pr' --base-url "$base_url")
"$bin" "${list_all[@]}" >"$tmp/out" # first run: fills the precompiled-component cache
echo "users returned: $(grep -c '"login":' "$tmp/out" || true) ($(wc -c <"$tmp/out") bytes of JSON)"
for i in 1 2 3 4 5; do
  measure "run $i" /dev/null "${list_all[@]}"
done
measure "--ndjson" "$tmp/out" "${list_all[@]}" --ndjson
echo "  records: $(wc -l <"$tmp/out")"

if [ -z "${BENCH_QUICK:-}" ]; then
  echo
  echo "== listUsers Fetch All --ndjson over 1,000,000 users (200 per page: 5,000 pages, one call each)"
  started=$(date +%s%N)
  serve users1m --users 1000000
  echo "(serve --users 1000000 ready in $(( ($(date +%s%N) - started) / 1000000 )) ms)"
  list_all=(run listUsers --input fetchAll=true --input limit=200 --input 'search=id pr' --base-url "$base_url")
  measure "--ndjson" "$tmp/out" "${list_all[@]}" --ndjson
  echo "  records: $(wc -l <"$tmp/out"), distinct ids: $(cut -d'"' -f4 "$tmp/out" | sort -u | wc -l), $(wc -c <"$tmp/out") bytes"
  rm -f "$tmp/out"
  # The floor: the same pages read over one kept-alive connection without parsing them (Python's http.client,
  # following the Link headers).
  if command -v python3 >/dev/null; then
    python3 - "$base_url" "$OKTA_API_TOKEN" <<'PY'
import http.client, re, sys, time, urllib.parse
base, token = sys.argv[1], sys.argv[2]
host = urllib.parse.urlsplit(base).netloc
started, pages, size = time.monotonic(), 0, 0
conn = http.client.HTTPConnection(host)
path = "/api/v1/users?limit=200&search=id%20pr"
while path:
    conn.request("GET", path, headers={"Authorization": "SSWS " + token, "Accept": "application/json"})
    response = conn.getresponse()
    size += len(response.read())
    pages += 1
    link = re.search(r'<([^>]*)>; rel="next"', response.getheader("Link") or "")
    path = urllib.parse.urlsplit(link.group(1))._replace(scheme="", netloc="").geturl() if link else None
print(f"  the floor, the same {pages} pages ({size} bytes) read without parsing over one connection: {time.monotonic() - started:.2f} s")
PY
  fi
  kill "${servers[-1]}" 2>/dev/null || true
fi

echo
echo "== listUsers Fetch All without --ndjson over 300,000 users: one call, the budgeted part and after"
serve users300k --users 300000
measure "Fetch All" "$tmp/out" run listUsers --input fetchAll=true --input limit=200 --input 'search=id pr' \
  --base-url "$base_url"
echo "  users returned: $(grep -c '"login":' "$tmp/out" || true), truncated: $(grep -c '"truncated": true' "$tmp/out" || true), after: $(grep -c '"after":' "$tmp/out" || true)"
kill "${servers[-1]}" 2>/dev/null || true

echo
echo "== getSystemLogs Fetch All over 10,000 events (1,000 per page)"
serve logs --users 1000 --log-events 10000
logs=(run getSystemLogs --input fetchAll=true --input limit=1000 --base-url "$base_url")
measure "Fetch All" "$tmp/out" "${logs[@]}"
echo "  events returned: $(grep -c '"uuid":' "$tmp/out" || true) ($(wc -c <"$tmp/out") bytes of JSON)"
measure "--ndjson" "$tmp/out" "${logs[@]}" --ndjson
echo "  events: $(wc -l <"$tmp/out")"
