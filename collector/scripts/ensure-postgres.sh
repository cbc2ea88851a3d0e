#!/usr/bin/env bash
# Prints the bin directory of a PostgreSQL server (initdb, postgres), installing Debian's postgresql
# package when none is there. The package's service is kept from starting (policy-rc.d): tests run
# their own server on a free port with a temporary data dir (test/helpers/PostgresProcess.ts).
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
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
  bin="$(find_bin)"
fi
[[ -x "$bin/initdb" && -x "$bin/postgres" ]] || { echo "ensure-postgres: no initdb/postgres found" >&2; exit 1; }
echo "$bin"
