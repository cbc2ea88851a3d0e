#!/usr/bin/env bash
# Runs the Sightline collector with config/base.yaml plus the fragment of every destination whose
# variables are set (see README). Arguments go to the collector before the --config flags:
#   scripts/run.sh                  run it
#   scripts/run.sh validate         validate the configuration these variables select
#   scripts/run.sh --print-configs  print the selected config files, one a line, and exit
# SIGHTLINE_COLLECTOR_BIN names a binary to use; otherwise scripts/build.sh builds or reuses one.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)"
configs=("$dir/config/base.yaml")

# Blank counts as unset.
has() { [[ -n "${!1:-}" && -n "${!1//[[:space:]]/}" ]]; }
add() { configs+=("$dir/config/destinations/$1.yaml"); }
fail() { echo "run.sh: $*" >&2; exit 2; }

if has SIGHTLINE_TEMPO_ENDPOINT; then add tempo; fi
if has SIGHTLINE_PROMETHEUS_ENDPOINT; then add prometheus; fi
if has SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL; then add prometheus-remote-write; fi
# Axiom uses the names the app's axiom preset reads; the collector's old names still work.
deprecated() {
  if has "$1"; then
    echo "run.sh: $1 is deprecated; use $2" >&2
    has "$2" || export "$2=${!1}"
  fi
}
deprecated SIGHTLINE_AXIOM_TOKEN AXIOM_TOKEN
deprecated SIGHTLINE_AXIOM_DATASET AXIOM_DATASET
deprecated SIGHTLINE_AXIOM_METRICS_DATASET AXIOM_METRICS_DATASET
deprecated SIGHTLINE_AXIOM_ENDPOINT AXIOM_URL
if has AXIOM_TOKEN; then
  has AXIOM_DATASET || has AXIOM_METRICS_DATASET ||
    fail "AXIOM_TOKEN is set but neither AXIOM_DATASET nor AXIOM_METRICS_DATASET is"
  if has AXIOM_DATASET; then add axiom; fi
  if has AXIOM_DATASET && has AXIOM_ORG_ID; then add axiom-org-id; fi
  if has AXIOM_METRICS_DATASET; then add axiom-metrics; fi
  if has AXIOM_METRICS_DATASET && has AXIOM_ORG_ID; then add axiom-metrics-org-id; fi
elif has AXIOM_DATASET || has AXIOM_METRICS_DATASET; then
  fail "an Axiom dataset is set but AXIOM_TOKEN is not"
fi
if has SIGHTLINE_DEBUG; then
  case "$SIGHTLINE_DEBUG" in
    basic | normal | detailed) add debug ;;
    *) fail "SIGHTLINE_DEBUG must be basic, normal or detailed, not '$SIGHTLINE_DEBUG'" ;;
  esac
fi

if [[ "${1:-}" == "--print-configs" ]]; then
  printf '%s\n' "${configs[@]}"
  exit 0
fi
if [[ ${#configs[@]} == 1 ]]; then
  echo "run.sh: no destination is configured; telemetry is received and discarded" >&2
fi

export SIGHTLINE_STORAGE_DIR="${SIGHTLINE_STORAGE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/sightline-collector}"
bin="${SIGHTLINE_COLLECTOR_BIN:-$("$dir/scripts/build.sh")}"
flags=()
for c in "${configs[@]}"; do flags+=(--config "$c"); done
exec "$bin" "$@" "${flags[@]}"
