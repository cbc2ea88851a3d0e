#!/usr/bin/env bash
# Sourced by ./run: puts a Node >= 22.15 and the pinned pnpm on PATH, installing them into .tools/
# from the npm registry when missing. Idempotent; a no-op when everything is in place.
SIGHTLINE_ROOT="${SIGHTLINE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
NODE24_VERSION=24.21.0
NODE22_VERSION=22.23.3
NODE20_VERSION=20.20.2   # an unsupported Node, for the tests of what the preload does under one
PNPM_VERSION=10.34.8
TOOLS="$SIGHTLINE_ROOT/.tools"

node_ok() { # $1 = node binary; true when it is >= 22.15
  "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=15)?0:1)' 2>/dev/null
}

npm_tool() { # $1 = dir, $2 = package spec: install one package into .tools/<dir> unless present
  local dir="$TOOLS/$1"
  if [ ! -f "$dir/.installed-$2" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    echo "sightline: installing $2 into .tools/$1" >&2
    (cd "$dir" && echo '{"private":true}' > package.json &&
      npm install --no-audit --no-fund --loglevel=error "$2" >&2) || return 1
    touch "$dir/.installed-$2"
  fi
}

provision_node() { # $1 = major (24|22|20): echo the path of a node binary of that line
  local major=$1 version
  case "$major" in 22) version=$NODE22_VERSION ;; 20) version=$NODE20_VERSION ;; *) version=$NODE24_VERSION ;; esac
  npm_tool "node$major" "node@$version" || return 1
  echo "$TOOLS/node$major/node_modules/node/bin/node"
}

if node_ok "$(command -v node)"; then
  SIGHTLINE_NODE="$(command -v node)"
else
  SIGHTLINE_NODE="$(provision_node 24)" || { echo "sightline: could not install Node 24" >&2; exit 1; }
fi
export PATH="$(dirname "$SIGHTLINE_NODE"):$TOOLS/pnpm/node_modules/.bin:$PATH"
npm_tool pnpm "pnpm@$PNPM_VERSION" || { echo "sightline: could not install pnpm" >&2; exit 1; }
export SIGHTLINE_NODE
