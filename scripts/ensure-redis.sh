#!/usr/bin/env bash
# Makes sure `redis-server` is installed, installing Debian's package when it is missing, and prints
# its path. The package's service is kept from starting (policy-rc.d): tests run their own server
# on a free port with a temporary dir.
set -euo pipefail
command -v redis-server && exit 0

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

echo "ensure-redis: installing Debian's redis-server package" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >&2
if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
  $sudo systemctl stop redis-server || true
fi
command -v redis-server
