import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { COLLECTOR_DIR, RUN_SCRIPT, tempDir } from './helpers/CollectorProcess.ts';

// Kubernetes cannot run here: the manifests are checked statically and their collector configs are
// validated by the real binary with the environment the pods set.
const exec = promisify(execFile);
const K8S = join(COLLECTOR_DIR, 'deploy/k8s');
const storage = tempDir('k8s');
afterAll(() => storage.remove());

type Doc = { kind: string; metadata: { name: string; namespace?: string }; spec: any; data?: Record<string, string> };
const docs = (file: string): Doc[] => parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => d.toJS() as Doc);
const all = ['sightline-collector-config.yaml', 'gateway.yaml', 'agent.yaml'].flatMap(docs);
const find = (kind: string, name: string) => all.find((d) => d.kind === kind && d.metadata.name === name)!;
const configMap = find('ConfigMap', 'sightline-collector-config');
const workloads = [find('Deployment', 'sightline-gateway'), find('DaemonSet', 'sightline-agent')];

function container(workload: Doc) {
  const c = workload.spec.template.spec.containers[0];
  const env = Object.fromEntries((c.env as { name: string; value: string }[]).map((e) => [e.name, e.value]));
  const files = (c.args as string[]).map((a) => a.replace('--config=/etc/sightline/', ''));
  return { env, files };
}

describe('deploy/k8s', () => {
  it('holds the current config files (scripts/gen-k8s.mjs --check)', async () => {
    await exec(process.execPath, [join(COLLECTOR_DIR, 'scripts/gen-k8s.mjs'), '--check']);
  });

  it('puts everything in one namespace and every selector matches its pods', () => {
    for (const d of all) expect(d.metadata.namespace, `${d.kind}/${d.metadata.name}`).toBe('observability');
    for (const w of workloads) expect(w.spec.template.metadata.labels).toMatchObject(w.spec.selector.matchLabels);
    const headless = find('Service', 'sightline-gateway');
    expect(headless.spec.clusterIP).toBe('None');
    expect(workloads[0]!.spec.template.metadata.labels).toMatchObject(headless.spec.selector);
    expect(workloads[1]!.spec.template.metadata.labels).toMatchObject(find('Service', 'sightline-agent').spec.selector);
    expect(find('HorizontalPodAutoscaler', 'sightline-gateway').spec.scaleTargetRef.name).toBe('sightline-gateway');
  });

  it('points the agents at the gateways\' headless service and port', () => {
    const { env } = container(workloads[1]!);
    expect(env.SIGHTLINE_GATEWAY_DNS).toBe('sightline-gateway.observability.svc.cluster.local');
    expect(find('Service', 'sightline-gateway').spec.ports[0].port).toBe(Number(env.SIGHTLINE_GATEWAY_PORT ?? 4317));
  });

  for (const workload of workloads) {
    it(`${workload.kind} passes the files run.sh would pick for its environment, and they validate`, async () => {
      const { env, files } = container(workload);
      const role = workload.kind === 'DaemonSet' ? 'agent' : 'gateway';
      const { stdout } = await exec(RUN_SCRIPT, ['--print-configs'], { env: { PATH: process.env.PATH, SIGHTLINE_COLLECTOR_ROLE: role, ...env } });
      const picked = stdout.trim().split('\n').map((f) => f.replace(join(COLLECTOR_DIR, 'config/'), '').replace('/', '.'));
      expect(files).toEqual(picked);
      for (const f of files) expect(configMap.data![f], f).toBeDefined();
      const paths = files.map((f) => `--config=${join(COLLECTOR_DIR, 'config', f.replace(/^(agent|destinations)\.(.+\.yaml)$/, '$1/$2'))}`);
      await exec(inject('collectorBin'), ['validate', ...paths], { env: { ...env, SIGHTLINE_STORAGE_DIR: storage.path } });
    });
  }

  it('runs as the image\'s user (uid 10001) with a writable queue directory', () => {
    const [gateway, agent] = workloads as [Doc, Doc];
    expect(gateway.spec.template.spec.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001 });
    expect(agent.spec.template.spec.containers[0].securityContext.runAsUser).toBe(10001);
    expect(agent.spec.template.spec.initContainers[0].command.join(' ')).toContain('chown -R 10001:10001 /var/lib/otelcol/sightline');
  });
});
