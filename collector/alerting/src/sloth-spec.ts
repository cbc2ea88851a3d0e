import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { extraTierRules } from './slo-tiers.ts';
import type { AnnotationLookup } from './slo-tests.ts';

/** The parts of a Sloth `prometheus/v1` spec the promtool scenarios need. */
export interface SlothSpec {
  service: string;
  slos: {
    name: string;
    alerting: { annotations: Record<string, string> };
    plugins?: { chain: { config: { alert_name: string; annotations: Record<string, string> } }[] };
  }[];
}

export function readSlothSpec(file: string): SlothSpec {
  return parse(readFileSync(file, 'utf8')) as SlothSpec;
}

/**
 * Annotations of the alerts generated from a spec (its own, Sloth's `title`, the budget plugins', the
 * extra tiers'), so the scenarios can be written before Sloth runs and still compare its whole output.
 */
export function sloAnnotations(spec: SlothSpec): AnnotationLookup {
  return (e) => {
    const slo = spec.slos.find((s) => s.name === e.labels.sloth_slo);
    if (!slo) throw new Error(`no SLO ${e.labels.sloth_slo} in the spec of ${spec.service}`);
    if (e.alertname !== 'SLOErrorBudgetBurn') {
      const plugin = slo.plugins?.chain.find((p) => p.config.alert_name === e.alertname);
      if (!plugin) throw new Error(`SLO ${slo.name} has no plugin for ${e.alertname}`);
      return plugin.config.annotations;
    }
    if (e.labels.burn_window) {
      const rule = extraTierRules().find((r) => (r.labels as Record<string, string>).burn_window === e.labels.burn_window);
      if (!rule) throw new Error(`no extra tier for ${e.labels.burn_window}`);
      return rule.annotations as Record<string, string>;
    }
    const title = `(${e.labels.sloth_severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`;
    return { title, ...slo.alerting.annotations };
  };
}

/** Every rule group of a spec's Sloth output, recordings first (Sloth names groups by convention). */
export function slothGroups(spec: SlothSpec, extra: string[] = []): string[] {
  const kinds = ['sli-recordings', 'meta-recordings', 'alerts'];
  return [...kinds.flatMap((kind) => spec.slos.map((slo) => `sloth-slo-${kind}-${spec.service}-${slo.name}`)), ...extra];
}
