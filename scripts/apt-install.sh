#!/usr/bin/env bash
# Installs one of Debian's packages for the tests (the ensure-*.sh scripts call it when a program is
# missing): no service may start (policy-rc.d), and a service that started anyway is stopped, since tests
# run their own servers on free ports with temporary dirs. Output goes to stderr.
#   scripts/apt-install.sh <package> [<service to stop>]
set -euo pipefail
package="$1"
service="${2:-}"
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

echo "apt-install: installing Debian's $package package" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >&2
if [[ -n "$service" ]] && command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
  $sudo systemctl stop "$service" || true
fi
