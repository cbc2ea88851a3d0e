import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { PROBE_PATHS } from '../../src/health/health-paths.js';

const MANIFEST = new URL('../../../../examples/k8s/orders.yaml', import.meta.url);

describe('examples/k8s/orders.yaml', () => {
  const docs = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((d) => d.toJS());
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env: NodeJS.ProcessEnv = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
  // The rules file is a path inside the image; everything else is checked as the preload reads it.
  const { SIGHTLINE_BUSINESS_RULES: rules, ...checked } = env;
  const config = resolveConfig(checked);

  it('its Sightline variables are valid', () => {
    expect(config.problems).toEqual([]);
    expect(rules).toBe('./rules.yaml');
    expect(container.command).toEqual(['node', '--import', '@sightline/instrumentation', 'src/server.js']);
  });

  it('probes the preload\'s paths on the probe port, with the timings the source documents use', () => {
    const healthPort = container.ports.find((p: { name: string }) => p.name === 'health').containerPort;
    expect(healthPort).toBe(config.health.port);
    const probes = { startupProbe: 'startup', livenessProbe: 'live', readinessProbe: 'ready' } as const;
    for (const [key, kind] of Object.entries(probes)) {
      expect(container[key].httpGet.port).toBe('health');
      expect(PROBE_PATHS[container[key].httpGet.path]).toBe(kind);
    }
    expect(container.livenessProbe).toMatchObject({ initialDelaySeconds: 15, periodSeconds: 10 });
    expect(container.readinessProbe).toMatchObject({ initialDelaySeconds: 5, periodSeconds: 5 });
  });

  it('terminationGracePeriodSeconds is larger than the drain delay plus the flush deadline', () => {
    const needed = (config.health.shutdownDelayMs! + config.shutdownTimeoutMs) / 1000;
    expect(needed).toBe(10);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(needed);
  });

  it('the Service does not expose the probe port', () => {
    const service = docs.find((d) => d.kind === 'Service');
    expect(service.spec.ports.map((p: { targetPort: string }) => p.targetPort)).toEqual(['http']);
  });
});
