import { describe, expect, it } from 'vitest';
import { exportErrorType } from '../../src/sdk/DropReporter.js';

describe('exportErrorType', () => {
  it.each([
    [Object.assign(new Error('Bad Request'), { name: 'OTLPExporterError', code: 400 }), '400'],
    [Object.assign(new Error('Export failed with retryable status'), { name: 'OTLPExporterError' }), 'retryable_http_status'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [Object.assign(new Error('Request timed out'), { name: 'TimeoutError' }), 'TimeoutError'],
    [new Error('something with user jane@example.com in it'), '_OTHER'],
    [undefined, '_OTHER'],
  ])('%s -> %s', (error, type) => {
    expect(exportErrorType(error)).toBe(type);
  });
});
