#!/usr/bin/env bash
# Starts two portal instances on one PostgreSQL database and the proxy in front of them; Ctrl+C stops all three.
#
#   src/AutopilotPortal.Proxy/run-cluster.sh "Host=127.0.0.1;Port=5432;Username=portal;Database=portal" [portal settings…]
#   PORTAL_DATABASE="Host=…;Database=…" src/AutopilotPortal.Proxy/run-cluster.sh
#
# Settings after the connection string go to every instance, e.g.
#   --Accounts:InitialAdminUserName admin --Accounts:InitialAdminPassword 'S3cret-Passw0rd'
# Environment: PROXY_URL (default http://127.0.0.1:5000), INSTANCES (default 2), CONFIGURATION (default Release),
# START_TIMEOUT seconds for each process to listen and answer (default 120).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
database="${1:-${PORTAL_DATABASE:-}}"
if [[ -z "$database" ]]; then
  echo "usage: $0 CONNECTION_STRING [portal settings…]   (or set PORTAL_DATABASE)" >&2
  echo "  e.g. $0 'Host=127.0.0.1;Port=5432;Username=portal;Database=portal'" >&2
  exit 2
fi
[[ $# -gt 0 ]] && shift
proxy_url="${PROXY_URL:-http://127.0.0.1:5000}"
instances="${INSTANCES:-2}"
configuration="${CONFIGURATION:-Release}"
timeout="${START_TIMEOUT:-120}"
logs="$(mktemp -d -t autopilot-cluster-XXXXXX)"
pids=()

stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  echo "Stopped. Logs: $logs"
}
trap stop EXIT
trap 'exit 130' INT TERM

# Prints the address a process wrote in its "Now listening on:" line, once it has; fails when the process exits first
# or the deadline passes.
listening_url() {
  local pid="$1" log="$2" deadline=$((SECONDS + timeout)) url
  while ((SECONDS < deadline)); do
    url="$(sed -n 's/.*Now listening on: \(http[^ ]*\).*/\1/p' "$log" | head -n 1)"
    if [[ -n "$url" ]]; then
      echo "${url%/}"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The process $pid exited before it listened; its log ($log) ends:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "The process $pid did not listen within ${timeout}s; see $log" >&2
  return 1
}

# Waits until a URL answers 200, within the deadline.
answers() {
  local url="$1" deadline=$((SECONDS + timeout))
  until curl --silent --fail --output /dev/null --max-time 5 "$url"; do
    if ((SECONDS >= deadline)); then
      echo "$url did not answer 200 within ${timeout}s" >&2
      return 1
    fi
    sleep 0.2
  done
}

echo "Building ($configuration)…"
dotnet build -c "$configuration" -v quiet -nologo "$root/AutopilotPortal.csproj"
dotnet build -c "$configuration" -v quiet -nologo "$root/src/AutopilotPortal.Proxy/AutopilotPortal.Proxy.csproj"
portal_dll="$root/bin/$configuration/net10.0/AutopilotPortal.dll"
proxy_dll="$root/src/AutopilotPortal.Proxy/bin/$configuration/net10.0/AutopilotPortal.Proxy.dll"

proxy_args=(--Proxy:Url "$proxy_url")
for ((i = 0; i < instances; i++)); do
  # Port 0: the system picks a free loopback port and the instance says which in its log. The first instance
  # migrates a new database before the next one starts.
  log="$logs/instance-$i.log"
  (cd "$(dirname "$portal_dll")" && exec dotnet "$portal_dll" --urls http://127.0.0.1:0 \
    --Database:Provider Postgres --Database:ConnectionString "$database" "$@") >"$log" 2>&1 &
  pid="$!"
  pids+=("$pid")
  url="$(listening_url "$pid" "$log")"
  answers "$url/health"
  echo "instance-$i: $url (log: $log)"
  proxy_args+=("--Proxy:Instances:$i" "$url")
done

log="$logs/proxy.log"
(cd "$(dirname "$proxy_dll")" && exec dotnet "$proxy_dll" "${proxy_args[@]}") >"$log" 2>&1 &
pid="$!"
pids+=("$pid")
url="$(listening_url "$pid" "$log")"
answers "$url/health"
echo "Proxy: $url (log: $log). Ctrl+C stops the proxy and the instances."
# An instance that dies is not restarted: the proxy sends its browsers to the others. The set stops with the proxy.
wait "$pid" || true
echo "The proxy exited; stopping the instances." >&2
