/** Values of OTEL_NODE_RESOURCE_DETECTORS, as OpenTelemetry's Node SDK names them. */
export const LOCAL_DETECTOR_NAMES = ['env', 'host', 'os', 'process', 'serviceinstance', 'container'] as const;
export const CLOUD_DETECTOR_NAMES = ['aws', 'gcp', 'azure', 'alibaba'] as const;
export const RESOURCE_DETECTOR_NAMES: readonly string[] = [...LOCAL_DETECTOR_NAMES, ...CLOUD_DETECTOR_NAMES, 'all', 'none'];
