#!/usr/bin/env bash
# Makes sure Debian's `chromium` is on PATH (the demo report's browser test opens the HTML in it),
# installing the package when it is missing (scripts/apt-install.sh); prints its path.
set -euo pipefail
if command -v chromium >/dev/null; then command -v chromium; exit 0; fi
"$(dirname "$0")/apt-install.sh" chromium
command -v chromium
