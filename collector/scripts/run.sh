#!/usr/bin/env bash
# Runs the Sightline collector with config/base.yaml plus the fragment of every destination whose
# variables are set, or as an agent in front of gateways (SIGHTLINE_COLLECTOR_ROLE; see README). Arguments go to the collector before the --config flags:
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

# Role: a single collector (the default) and a gateway run base.yaml plus destinations; an agent runs
# agent.yaml plus the resolver fragment that finds the gateways, and no destination of its own.
role="${SIGHTLINE_COLLECTOR_ROLE:-single}"
case "$role" in
  single | gateway) ;;
  agent)
    configs=("$dir/config/agent.yaml")
    if has SIGHTLINE_GATEWAY_ENDPOINTS && has SIGHTLINE_GATEWAY_DNS; then
      fail "set SIGHTLINE_GATEWAY_ENDPOINTS or SIGHTLINE_GATEWAY_DNS, not both"
    elif has SIGHTLINE_GATEWAY_ENDPOINTS; then
      list=""
      IFS=',' read -ra endpoints <<<"$SIGHTLINE_GATEWAY_ENDPOINTS"
      for e in "${endpoints[@]}"; do
        e="${e//[[:space:]]/}"
        [[ -z "$e" ]] && continue
        [[ "$e" =~ ^[^/\"]+:[0-9]+$ ]] || fail "SIGHTLINE_GATEWAY_ENDPOINTS: '$e' is not host:port"
        list+="${list:+, }\"$e\""
      done
      [[ -n "$list" ]] || fail "SIGHTLINE_GATEWAY_ENDPOINTS lists no gateway"
      export SIGHTLINE_GATEWAY_HOSTNAMES="[$list]"
      configs+=("$dir/config/agent/static.yaml")
    elif has SIGHTLINE_GATEWAY_DNS; then
      configs+=("$dir/config/agent/dns.yaml")
    else
      fail "SIGHTLINE_COLLECTOR_ROLE=agent needs SIGHTLINE_GATEWAY_ENDPOINTS (host:port,...) or SIGHTLINE_GATEWAY_DNS"
    fi
    # The destination checks below then add nothing.
    for v in SIGHTLINE_TEMPO_ENDPOINT SIGHTLINE_PROMETHEUS_ENDPOINT SIGHTLINE_PROMETHEUS_REMOTE_WRITE_URL AXIOM_TOKEN SIGHTLINE_AXIOM_TOKEN SIGHTLINE_DEBUG; do
      if has "$v"; then fail "$v is set on an agent: agents send everything to the gateways; set destinations on the gateways"; fi
    done
    ;;
  *) fail "SIGHTLINE_COLLECTOR_ROLE must be single, gateway or agent, not '$role'" ;;
esac

if has SIGHTLINE_TEMPO_ENDPOINT; then add tempo; fi
if has SIGHTLINE_LOKI_ENDPOINT; then add loki; fi
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
if [[ "$role" != agent && ${#configs[@]} == 1 ]]; then
  echo "run.sh: no destination is configured; telemetry is received and discarded" >&2
fi

export SIGHTLINE_STORAGE_DIR="${SIGHTLINE_STORAGE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/sightline-collector}"
bin="${SIGHTLINE_COLLECTOR_BIN:-$("$dir/scripts/build.sh")}"
flags=()
for c in "${configs[@]}"; do flags+=(--config "$c"); done
exec "$bin" "$@" "${flags[@]}"
