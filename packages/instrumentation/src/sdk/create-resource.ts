import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import {
  defaultResource, detectResources, hostDetector, osDetector, processDetector, resourceFromAttributes, serviceInstanceIdDetector,
  type Resource, type ResourceDetector,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { CLOUD_DETECTOR_NAMES, LOCAL_DETECTOR_NAMES } from '../config/resource-detector-names.js';

type LocalDetectorName = (typeof LOCAL_DETECTOR_NAMES)[number];
type CloudDetectorName = (typeof CLOUD_DETECTOR_NAMES)[number];

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

// Cloud detectors query metadata servers: one is loaded when the environment shows its cloud, or
// when OTEL_NODE_RESOURCE_DETECTORS names it (or says `all`). Their packages are optional installs.
const CLOUD_DETECTORS: Record<CloudDetectorName, { env: string[]; module: string; exports: string[] }> = {
  aws: { env: ['AWS_LAMBDA_FUNCTION_NAME', 'ECS_CONTAINER_METADATA_URI_V4', 'AWS_EXECUTION_ENV'], module: '@opentelemetry/resource-detector-aws', exports: ['awsLambdaDetector', 'awsEcsDetector', 'awsEksDetector', 'awsBeanstalkDetector', 'awsEc2Detector'] },
  gcp: { env: ['K_SERVICE', 'GOOGLE_CLOUD_PROJECT', 'GCE_METADATA_HOST'], module: '@opentelemetry/resource-detector-gcp', exports: ['gcpDetector'] },
  azure: { env: ['WEBSITE_SITE_NAME', 'FUNCTIONS_WORKER_RUNTIME'], module: '@opentelemetry/resource-detector-azure', exports: ['azureAppServiceDetector', 'azureFunctionsDetector', 'azureVmDetector'] },
  alibaba: { env: ['ALIBABA_CLOUD_ECS_METADATA'], module: '@opentelemetry/resource-detector-alibaba-cloud', exports: ['alibabaCloudEcsDetector'] },
};

// Local detectors read the process, the OS and /proc only. `env` has no detector here because
// OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME always apply (resolve-config reads and checks them).
const LOCAL_DETECTORS: Record<LocalDetectorName, ResourceDetector | undefined> = {
  env: undefined,
  host: hostDetector,
  os: osDetector,
  process: processDetector,
  serviceinstance: serviceInstanceIdDetector,
  container: containerDetector,
};

function loadCloud(name: CloudDetectorName, why: string, warn: (m: string) => void): ResourceDetector[] {
  const cloud = CLOUD_DETECTORS[name];
  try {
    const mod = require(cloud.module) as Record<string, ResourceDetector>;
    return cloud.exports.flatMap((e) => (mod[e] ? [mod[e]] : []));
  } catch {
    warn(`${why} but ${cloud.module} is not installed; ${name} resource attributes are skipped (npm install ${cloud.module})`);
    return [];
  }
}

/**
 * The detectors OTEL_NODE_RESOURCE_DETECTORS asks for (`names`, already checked by resolve-config).
 * Unset: every local detector, plus a cloud's detectors when its environment variables are present.
 * service.instance.id is always detected: without it, replicas of one service collide into one series.
 */
export function selectResourceDetectors(names: string[] | undefined, env: NodeJS.ProcessEnv, warn: (m: string) => void): ResourceDetector[] {
  const all = names?.includes('all') ?? false;
  const wanted = (n: string): boolean => names === undefined || all || names.includes(n);
  const out = new Set<ResourceDetector>([serviceInstanceIdDetector]);
  for (const n of LOCAL_DETECTOR_NAMES) {
    const d = LOCAL_DETECTORS[n];
    if (d && wanted(n)) out.add(d);
  }
  for (const n of CLOUD_DETECTOR_NAMES) {
    const hint = CLOUD_DETECTORS[n].env.find((v) => env[v]);
    const why = all || names?.includes(n) ? `OTEL_NODE_RESOURCE_DETECTORS asks for ${n}` : names === undefined && hint ? `${hint} is set` : undefined;
    if (why) for (const d of loadCloud(n, why, warn)) out.add(d);
  }
  return [...out];
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
