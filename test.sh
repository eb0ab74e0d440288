#!/usr/bin/env bash
# Runs every test: installs what the tests need (Debian's Chromium for the Playwright tests, and
# PostgreSQL for the second pass), runs `dotnet test AutopilotPortal.sln` on SQLite, then again
# on PostgreSQL, against a throwaway cluster on a free loopback port (tests/postgres-cluster.sh)
# stopped afterwards. Extra arguments go to dotnet test, in both passes.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${PORTAL_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: Chromium is missing; installing Debian's chromium package"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

log=$(mktemp)
cluster=$(mktemp -d)
trap 'tests/postgres-cluster.sh stop "$cluster"; rm -f "$log"' EXIT
set +e
echo "test.sh: SQLite"
dotnet test AutopilotPortal.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

echo "test.sh: PostgreSQL"
server=$(tests/postgres-cluster.sh start "$cluster")
set +e
PORTAL_TEST_PROVIDER=Postgres PORTAL_TEST_POSTGRES="$server" dotnet test AutopilotPortal.sln --no-build "$@" 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -ne 0 ] && status=1
set -e

# One closing line for the whole run, summed over the test projects.
awk '
  /(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) + 0 }
      if ($i == "Passed:")  { p += $(i+1) + 0 }
      if ($i == "Skipped:") { s += $(i+1) + 0 }
    }
  }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
