import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/** The provisioned data sources (deploy/grafana/provisioning/datasources), referred to by uid. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: 'prometheus' };
export const LOKI: DataSourceRef = { type: 'loki', uid: 'loki' };
export const TEMPO: DataSourceRef = { type: 'tempo', uid: 'tempo' };
