#!/usr/bin/env bash
# Builds Sloth (SLO specs -> Prometheus recording and alert rules) at the pinned version into
# collector/_build/bin/sloth. Skips the build when that binary exists and reports the pinned version.
# Prints the binary's path on stdout; progress goes to stderr. A cold build takes a few minutes.
#   SIGHTLINE_SLOTH_FORCE_BUILD=1  rebuild anyway
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
[[ "${GOFLAGS:-}" == *-buildvcs* ]] || export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"

version="v0.16.0"
binary="_build/bin/sloth"
if [[ -x "$binary" && "$("$binary" version 2>/dev/null)" == *"${version}"* && -z "${SIGHTLINE_SLOTH_FORCE_BUILD:-}" ]]; then
  echo "sloth: up to date ($binary)" >&2
  echo "$PWD/$binary"
  exit 0
fi

command -v go >/dev/null || { echo "sloth: Go is required to build Sloth (https://go.dev/dl/)" >&2; exit 1; }
echo "sloth: installing github.com/slok/sloth $version (a few minutes on a cold Go cache)" >&2
mkdir -p _build/bin
# Sloth prints its version from this variable (its Makefile sets it the same way).
GOBIN="$PWD/_build/bin" go install -ldflags "-X github.com/slok/sloth/internal/info.Version=$version" "github.com/slok/sloth/cmd/sloth@$version" >&2
echo "$PWD/$binary"
