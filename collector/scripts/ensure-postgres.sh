#!/usr/bin/env bash
# Prints the bin directory of a PostgreSQL server (initdb, postgres), installing Debian's postgresql
# package when none is there (scripts/apt-install.sh: no service starts; tests run their own server on
# a free port with a temporary data dir).
set -euo pipefail
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
bin="$(find_bin)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  "$(dirname "$0")/../../scripts/apt-install.sh" postgresql
  bin="$(find_bin)"
fi
[[ -x "$bin/initdb" && -x "$bin/postgres" ]] || { echo "ensure-postgres: no initdb/postgres found" >&2; exit 1; }
echo "$bin"
