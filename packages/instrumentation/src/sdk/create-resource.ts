import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { defaultResource, detectResources, hostDetector, processDetector, resourceFromAttributes, type Resource, type ResourceDetector } from '@opentelemetry/resources';

const require = createRequire(import.meta.url);

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

// Cloud detectors query metadata servers; load one only when the environment shows that cloud.
const CLOUD_DETECTORS: Array<{ env: string[]; module: string; exports: string[] }> = [
  { env: ['AWS_LAMBDA_FUNCTION_NAME', 'ECS_CONTAINER_METADATA_URI_V4', 'AWS_EXECUTION_ENV'], module: '@opentelemetry/resource-detector-aws', exports: ['awsLambdaDetector', 'awsEcsDetector', 'awsEc2Detector'] },
  { env: ['K_SERVICE', 'GOOGLE_CLOUD_PROJECT', 'GCE_METADATA_HOST'], module: '@opentelemetry/resource-detector-gcp', exports: ['gcpDetector'] },
  { env: ['WEBSITE_SITE_NAME', 'FUNCTIONS_WORKER_RUNTIME'], module: '@opentelemetry/resource-detector-azure', exports: ['azureAppServiceDetector', 'azureFunctionsDetector'] },
];

function cloudDetectors(env: NodeJS.ProcessEnv, warn: (m: string) => void): ResourceDetector[] {
  const out: ResourceDetector[] = [];
  for (const cloud of CLOUD_DETECTORS) {
    if (!cloud.env.some((v) => env[v])) continue;
    try {
      const mod = require(cloud.module) as Record<string, ResourceDetector>;
      for (const name of cloud.exports) if (mod[name]) out.push(mod[name]);
    } catch {
      warn(`${cloud.env.find((v) => env[v])} is set but ${cloud.module} is not installed; cloud resource attributes are skipped (npm install ${cloud.module})`);
    }
  }
  return out;
}

export interface AppResource {
  resource: Resource;
  /** The effective service.name, known without waiting for async detectors. */
  serviceName: string;
  serviceVersion: string | undefined;
  environment: string | undefined;
}

export function createResource(serviceName: string | undefined, attributes: Record<string, string>, env: NodeJS.ProcessEnv, warn: (m: string) => void): AppResource {
  const pkg = findAppPackage();
  const fromApp: Record<string, string> = {};
  if (pkg?.name) fromApp['service.name'] = pkg.name;
  if (pkg?.version) fromApp['service.version'] = pkg.version;
  const environment = env.SIGHTLINE_ENVIRONMENT?.trim() || env.NODE_ENV?.trim();
  if (environment) fromApp['deployment.environment.name'] = environment;
  const detected = detectResources({ detectors: [hostDetector, processDetector, ...cloudDetectors(env, warn)] });
  let resource = defaultResource().merge(detected).merge(resourceFromAttributes(fromApp)).merge(resourceFromAttributes(attributes));
  if (serviceName) resource = resource.merge(resourceFromAttributes({ 'service.name': serviceName }));
  return {
    resource,
    serviceName: serviceName ?? attributes['service.name'] ?? fromApp['service.name'] ?? 'unknown_service:node',
    serviceVersion: attributes['service.version'] ?? fromApp['service.version'],
    environment: attributes['deployment.environment.name'] ?? fromApp['deployment.environment.name'],
  };
}
