import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { createResource } from '../../src/sdk/create-resource.js';

async function resourceFor(env: NodeJS.ProcessEnv): Promise<{ attributes: Record<string, unknown>; warnings: string[]; problems: string[] }> {
  const warnings: string[] = [];
  const config = resolveConfig(env);
  const { resource } = createResource(config, env, (m) => warnings.push(m));
  await resource.waitForAsyncAttributes?.();
  return { attributes: resource.attributes, warnings, problems: config.problems.map((p) => `${p.variable}: ${p.message}`) };
}

describe('createResource', () => {
  it('detects host, os, process and a random service.instance.id (one per process) by default', async () => {
    const a = await resourceFor({});
    const b = await resourceFor({});
    expect(a.attributes).toMatchObject({ 'host.name': expect.any(String), 'os.type': expect.any(String), 'process.pid': process.pid });
    expect(a.attributes['service.instance.id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.attributes['service.instance.id']).toBe(a.attributes['service.instance.id']);
    expect(a.warnings).toEqual([]);
  });

  it('OTEL_RESOURCE_ATTRIBUTES sets service.instance.id', async () => {
    const { attributes } = await resourceFor({ OTEL_RESOURCE_ATTRIBUTES: 'service.instance.id=pod-7' });
    expect(attributes['service.instance.id']).toBe('pod-7');
  });

  it('OTEL_NODE_RESOURCE_DETECTORS picks detectors; service.instance.id stays', async () => {
    const only = await resourceFor({ OTEL_NODE_RESOURCE_DETECTORS: 'os' });
    expect(only.attributes['os.type']).toBeDefined();
    expect(only.attributes['host.name']).toBeUndefined();
    expect(only.attributes['process.pid']).toBeUndefined();
    expect(only.attributes['service.instance.id']).toBeDefined();
    const none = await resourceFor({ OTEL_NODE_RESOURCE_DETECTORS: 'none' });
    expect(Object.keys(none.attributes).filter((k) => /^(host|os|process|container)\./.test(k))).toEqual([]);
    expect(none.attributes['service.instance.id']).toBeDefined();
  });

  it('an unknown detector name is a configuration problem', async () => {
    const { problems } = await resourceFor({ OTEL_NODE_RESOURCE_DETECTORS: 'host,hots' });
    expect(problems).toEqual([expect.stringMatching(/^OTEL_NODE_RESOURCE_DETECTORS: unknown detector "hots"/)]);
  });

  it('loads a cloud detector when the environment shows its cloud, and none otherwise', async () => {
    // The upstream detectors read process.env themselves.
    Object.assign(process.env, { AWS_LAMBDA_FUNCTION_NAME: 'checkout', AWS_REGION: 'eu-west-1', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' });
    let lambda: Awaited<ReturnType<typeof resourceFor>>;
    try {
      lambda = await resourceFor({ AWS_LAMBDA_FUNCTION_NAME: 'checkout', AWS_REGION: 'eu-west-1' });
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      delete process.env.AWS_REGION;
      delete process.env.AWS_EXECUTION_ENV;
    }
    expect(lambda.attributes).toMatchObject({ 'cloud.provider': 'aws', 'cloud.platform': 'aws_lambda', 'faas.name': 'checkout' });
    const plain = await resourceFor({});
    expect(plain.attributes['cloud.provider']).toBeUndefined();
  });
});
