#!/usr/bin/env bash
# Makes sure Alertmanager and amtool are on PATH, installing Debian's prometheus-alertmanager when
# missing (scripts/apt-install.sh: no service starts; tests run their own Alertmanager on a free port).
set -euo pipefail
if command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null; then exit 0; fi
"$(dirname "$0")/../../scripts/apt-install.sh" prometheus-alertmanager prometheus-alertmanager
command -v prometheus-alertmanager >/dev/null && command -v amtool >/dev/null
