import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { defaultResource, detectResources, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { selectResourceDetectors } from './select-resource-detectors.js';

interface AppPackage { name?: string; version?: string }

/** The nearest package.json above the app's entry point (or the working directory), outside node_modules. */
export function findAppPackage(): AppPackage | undefined {
  let dir: string;
  try {
    dir = process.argv[1] ? dirname(realpathSync(process.argv[1])) : process.cwd();
  } catch {
    dir = process.cwd();
  }
  for (;;) {
    const file = join(dir, 'package.json');
    if (!dir.includes(`${sep}node_modules${sep}`) && existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as AppPackage;
        if (pkg.name) return pkg;
      } catch {
        return undefined;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export interface AppResource {
  resource: Resource;
  /** The effective service.name, known without waiting for async detectors. */
  serviceName: string;
  serviceVersion: string | undefined;
  environment: string | undefined;
}

export interface ResourceSettings {
  serviceName: string | undefined;
  resourceAttributes: Record<string, string>;
  resourceDetectors: string[] | undefined;
}

export function createResource(config: ResourceSettings, env: NodeJS.ProcessEnv, warn: (m: string) => void): AppResource {
  const { serviceName, resourceAttributes: attributes } = config;
  const pkg = findAppPackage();
  const fromApp: Record<string, string> = {};
  if (pkg?.name) fromApp[ATTR_SERVICE_NAME] = pkg.name;
  if (pkg?.version) fromApp[ATTR_SERVICE_VERSION] = pkg.version;
  const environment = env.SIGHTLINE_ENVIRONMENT?.trim() || env.NODE_ENV?.trim();
  if (environment) fromApp['deployment.environment.name'] = environment;
  const detected = detectResources({ detectors: selectResourceDetectors(config.resourceDetectors, env, warn) });
  let resource = defaultResource().merge(detected).merge(resourceFromAttributes(fromApp)).merge(resourceFromAttributes(attributes));
  if (serviceName) resource = resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }));
  return {
    resource,
    serviceName: serviceName ?? attributes[ATTR_SERVICE_NAME] ?? fromApp[ATTR_SERVICE_NAME] ?? 'unknown_service:node',
    serviceVersion: attributes[ATTR_SERVICE_VERSION] ?? fromApp[ATTR_SERVICE_VERSION],
    environment: attributes['deployment.environment.name'] ?? fromApp['deployment.environment.name'],
  };
}
