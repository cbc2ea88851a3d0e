import { createRequire } from 'node:module';
import { containerDetector } from '@opentelemetry/resource-detector-container';
import { hostDetector, osDetector, processDetector, serviceInstanceIdDetector, type ResourceDetector } from '@opentelemetry/resources';
import { CLOUD_DETECTOR_NAMES, LOCAL_DETECTOR_NAMES } from '../config/resource-detector-names.js';

type LocalDetectorName = (typeof LOCAL_DETECTOR_NAMES)[number];
type CloudDetectorName = (typeof CLOUD_DETECTOR_NAMES)[number];

const require = createRequire(import.meta.url);

// Cloud detectors may query metadata servers. Unasked, only the detectors of a cloud the environment
// shows are loaded (`hints`: variable -> detectors); OTEL_NODE_RESOURCE_DETECTORS=<cloud> or `all`
// loads all of that cloud's. Their packages are optional installs.
interface CloudDetectors { module: string; all: string[]; hints: Record<string, string[]> }
const CLOUD_DETECTORS: Record<CloudDetectorName, CloudDetectors> = {
  aws: {
    module: '@opentelemetry/resource-detector-aws',
    all: ['awsLambdaDetector', 'awsEcsDetector', 'awsEksDetector', 'awsBeanstalkDetector', 'awsEc2Detector'],
    hints: { AWS_LAMBDA_FUNCTION_NAME: ['awsLambdaDetector'], ECS_CONTAINER_METADATA_URI_V4: ['awsEcsDetector'], ECS_CONTAINER_METADATA_URI: ['awsEcsDetector'] },
  },
  gcp: {
    module: '@opentelemetry/resource-detector-gcp',
    all: ['gcpDetector'],
    hints: { K_SERVICE: ['gcpDetector'], GOOGLE_CLOUD_PROJECT: ['gcpDetector'], GCE_METADATA_HOST: ['gcpDetector'] },
  },
  azure: {
    module: '@opentelemetry/resource-detector-azure',
    all: ['azureAppServiceDetector', 'azureFunctionsDetector', 'azureVmDetector'],
    hints: { WEBSITE_SITE_NAME: ['azureAppServiceDetector'], FUNCTIONS_WORKER_RUNTIME: ['azureFunctionsDetector'] },
  },
  alibaba: { module: '@opentelemetry/resource-detector-alibaba-cloud', all: ['alibabaCloudEcsDetector'], hints: {} },
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

function loadCloud(name: CloudDetectorName, exports: string[], why: string, warn: (m: string) => void): ResourceDetector[] {
  const cloud = CLOUD_DETECTORS[name];
  try {
    const mod = require(cloud.module) as Record<string, ResourceDetector>;
    return exports.flatMap((e) => (mod[e] ? [mod[e]] : []));
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
    const cloud = CLOUD_DETECTORS[n];
    if (all || names?.includes(n)) {
      for (const d of loadCloud(n, cloud.all, `OTEL_NODE_RESOURCE_DETECTORS asks for ${n}`, warn)) out.add(d);
      continue;
    }
    const hints = names === undefined ? Object.keys(cloud.hints).filter((v) => env[v]) : [];
    if (hints.length === 0) continue;
    const exports = [...new Set(hints.flatMap((v) => cloud.hints[v]!))];
    for (const d of loadCloud(n, exports, `${hints[0]} is set`, warn)) out.add(d);
  }
  return [...out];
}
