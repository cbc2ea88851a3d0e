#!/usr/bin/env bash
# Builds the Sightline collector from manifest.yaml into collector/_build/ with ocb.
# Skips the build when the binary exists and manifest.yaml (and this script) are unchanged since the
# last successful build. Prints the binary's path on stdout; progress goes to stderr.
#   SIGHTLINE_COLLECTOR_FORCE_BUILD=1  rebuild anyway
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local
# No VCS stamping: the generated module sits inside this repo, and CI checkouts may not satisfy git.
[[ "${GOFLAGS:-}" == *-buildvcs* ]] || export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"

builder_version="$(grep -m1 -oE "go.opentelemetry.io/collector/[a-z/]+ v0\.[0-9.]+" manifest.yaml | cut -d" " -f2)"
binary="_build/otelcol-sightline/otelcol-sightline"
stamp="_build/manifest.sha256"
want="$(cat manifest.yaml scripts/build.sh | sha256sum | cut -d' ' -f1) $(go env GOVERSION)"

if [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$want" && -z "${SIGHTLINE_COLLECTOR_FORCE_BUILD:-}" ]]; then
  echo "collector: up to date ($binary)" >&2
  echo "$PWD/$binary"
  exit 0
fi

command -v go >/dev/null || { echo "collector: Go is required to build the collector (https://go.dev/dl/)" >&2; exit 1; }
node scripts/check-versions.mjs >&2

mkdir -p _build/bin
builder="_build/bin/builder"
if [[ ! -x "$builder" || "$("$builder" version 2>&1)" != *"${builder_version#v}"* ]]; then
  echo "collector: installing ocb $builder_version" >&2
  GOBIN="$PWD/_build/bin" go install "go.opentelemetry.io/collector/cmd/builder@$builder_version" >&2
fi

echo "collector: building (several minutes on a cold Go cache)" >&2
rm -f "$stamp"
"$builder" --config manifest.yaml --skip-strict-versioning=false >&2
echo "$want" > "$stamp"
echo "$PWD/$binary"
