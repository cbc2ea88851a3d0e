#!/usr/bin/env bash
# Makes sure Alertmanager and amtool are on PATH, installing Debian's prometheus-alertmanager when
# missing. As with ensure-prometheus.sh, the package's service is kept from starting (policy-rc.d) and
# stopped if it started anyway: tests run their own Alertmanager on a free port with a temporary dir.
set -euo pipefail
if command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null; then exit 0; fi

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

echo "ensure-alertmanager: installing Debian's prometheus-alertmanager package" >&2
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus-alertmanager >&2
if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus-alertmanager 2>/dev/null; then
  $sudo systemctl stop prometheus-alertmanager || true
fi
command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null
