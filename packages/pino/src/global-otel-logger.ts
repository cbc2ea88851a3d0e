import { logs as apiLogs } from '@opentelemetry/api';
import { logs as legacyLogs, type Logger } from '@opentelemetry/api-logs';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version.js';

// The globals under which each API keeps its registered LoggerProvider.
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const API_LOGS_GLOBAL = Symbol.for('io.opentelemetry.js.api.logs');

let resolved: Logger | undefined;

/**
 * The Logger lines are emitted through. `@opentelemetry/api` >= 1.10 (used by the Sightline
 * preload and current SDKs) and the older `@opentelemetry/api-logs` keep separate global
 * providers; whichever was registered is used, the first one found sticks. Until either is
 * registered, api 1.10's proxy logger is returned (it delegates once a provider is set).
 */
export function getGlobalOtelLogger(): Logger {
  if (resolved !== undefined) return resolved;
  const g = globalThis as Record<symbol, { logs?: unknown } | undefined>;
  if (g[API_GLOBAL]?.logs !== undefined) return (resolved = apiLogs.getLogger(PACKAGE_NAME, PACKAGE_VERSION) as Logger);
  if (g[API_LOGS_GLOBAL] !== undefined) return (resolved = legacyLogs.getLogger(PACKAGE_NAME, PACKAGE_VERSION));
  return apiLogs.getLogger(PACKAGE_NAME, PACKAGE_VERSION) as Logger;
}
