#!/usr/bin/env bash
# Makes sure Debian's `chromium` is on PATH (the demo report's browser test opens the HTML in it),
# installing the package when it is missing; prints its path. No service comes with it, but the
# policy-rc.d guard is the same as collector/scripts/ensure-prometheus.sh's, so nothing starts.
set -euo pipefail
if command -v chromium >/dev/null; then command -v chromium; exit 0; fi

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

echo "ensure-chromium: installing Debian's chromium package" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >&2
command -v chromium
