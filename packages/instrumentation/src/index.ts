export { startSightline } from './start.js';
export type { StartOptions, SightlineHandle } from './start.js';
export { resolveConfig } from './config/resolve-config.js';
export type { SightlineConfig, ExporterTarget, OtlpTarget, Signal } from './config/SightlineConfig.js';
export type { Problem } from './config/Problem.js';
