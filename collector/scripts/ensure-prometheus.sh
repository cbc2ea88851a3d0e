#!/usr/bin/env bash
# Makes sure `prometheus` (with promtool) is on PATH, installing Debian's package when it is missing
# (scripts/apt-install.sh: no service starts; tests run their own Prometheus on a free port).
set -euo pipefail
if command -v prometheus >/dev/null && command -v promtool >/dev/null; then exit 0; fi
"$(dirname "$0")/../../scripts/apt-install.sh" prometheus prometheus
command -v prometheus >/dev/null && command -v promtool >/dev/null
