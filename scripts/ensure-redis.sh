#!/usr/bin/env bash
# Makes sure `redis-server` is installed, installing Debian's package when it is missing
# (scripts/apt-install.sh: no service starts; tests run their own server on a free port), and prints its path.
set -euo pipefail
command -v redis-server && exit 0
"$(dirname "$0")/apt-install.sh" redis-server redis-server
command -v redis-server
