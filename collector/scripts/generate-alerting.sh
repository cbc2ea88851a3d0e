#!/usr/bin/env bash
# Regenerates every alerting file: rules, promtool tests, Sloth windows and runbooks from
# alerting/src/ (alerting/generate.ts), then the SLO rules from slo/ with Sloth (built by build-sloth.sh).
# Usage: scripts/generate-alerting.sh [repo-root]   (default: this repository; the tests pass a temp dir
# and compare). Needs Node >= 22.18 (type stripping), which ./run setup provides.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(cd "${1:-..}" && pwd)"
sloth="$(scripts/build-sloth.sh)"
node alerting/generate.ts "$root"

out="$root/collector/alerting/rules"
for spec in slo/sre-workbook/*.yaml; do
  "$sloth" generate --input "$spec" --out "$out/slo-sre-workbook-$(basename "$spec" .yaml).rules.yaml" >&2
done
for spec in slo/tiered/*.yaml; do
  "$sloth" generate --input "$spec" --slo-period-windows-path "$root/collector/slo/windows" \
    --out "$out/slo-document-tiers-$(basename "$spec" .yaml).rules.yaml" >&2
done
