#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries (initdb, postgres) are installed, installing Debian's
# package when they are missing, and prints their directory. The package's service is kept from
# starting (policy-rc.d): tests run their own server on a free port with a temporary data dir.
set -euo pipefail
find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$d/initdb" && -x "$d/postgres" ]] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null && command -v postgres >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  return 1
}
find_bin && exit 0

sudo=""
[[ "$(id -u)" == 0 ]] || sudo="sudo"
policy=/usr/sbin/policy-rc.d
created_policy=""
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  created_policy=1
fi
trap '[[ -n "$created_policy" ]] && $sudo rm -f "$policy"' EXIT

echo "ensure-postgres: installing Debian's postgresql package" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
if command -v systemctl >/dev/null && systemctl is-active --quiet postgresql 2>/dev/null; then
  $sudo systemctl stop postgresql || true
fi
find_bin
