import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without type declarations
import { checkVersions, parseManifest } from '../scripts/check-versions.mjs';

type Module = { mod: string; version: string };
const check = checkVersions as (m: Module[], coreV1For?: (v0: string) => string) => string[];
const parse = parseManifest as (text: string) => Module[];

const CORE = 'go.opentelemetry.io/collector';
const CONTRIB = 'github.com/open-telemetry/opentelemetry-collector-contrib';

describe('check-versions', () => {
  it('accepts the manifest and finds every component in it', () => {
    const modules = parse(readFileSync(new URL('../manifest.yaml', import.meta.url), 'utf8'));
    expect(modules.length).toBeGreaterThanOrEqual(18);
    expect(check(modules, () => 'v1.67.0')).toEqual([]);
  });

  it('reports core modules at different releases', () => {
    const problems = check([
      { mod: `${CORE}/receiver/otlpreceiver`, version: 'v0.161.0' },
      { mod: `${CORE}/processor/batchprocessor`, version: 'v0.160.0' },
    ]);
    expect(problems.join()).toMatch(/core v0 modules disagree/);
  });

  it('reports contrib at another release than core, and accepts contrib patch releases', () => {
    expect(
      check([
        { mod: `${CORE}/receiver/otlpreceiver`, version: 'v0.161.0' },
        { mod: `${CONTRIB}/processor/tailsamplingprocessor`, version: 'v0.160.0' },
      ]).join(),
    ).toMatch(/contrib v0\.160\.x does not match core v0\.161\.0/);
    expect(
      check([
        { mod: `${CORE}/receiver/otlpreceiver`, version: 'v0.161.0' },
        { mod: `${CONTRIB}/processor/tailsamplingprocessor`, version: 'v0.161.1' },
      ]),
    ).toEqual([]);
  });

  it('reports providers (core v1) that do not belong to the core v0 release', () => {
    const problems = check(
      [
        { mod: `${CORE}/receiver/otlpreceiver`, version: 'v0.161.0' },
        { mod: `${CORE}/confmap/provider/envprovider`, version: 'v1.66.0' },
      ],
      () => 'v1.67.0',
    );
    expect(problems.join()).toMatch(/requires v1 modules at v1\.67\.0, manifest has v1\.66\.0/);
  });
});
