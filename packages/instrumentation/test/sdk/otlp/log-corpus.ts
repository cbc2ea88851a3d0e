import { ROOT_CONTEXT, SeverityNumber, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { RICH_ATTRIBUTES } from './trace-corpus.js';

/** Log records covering every field and value type, from two resources and two scopes each. */
export function corpus(): ReadableLogRecord[] {
  const records: ReadableLogRecord[] = [];
  const collect: LogRecordProcessor = { onEmit: (r) => void records.push(r), forceFlush: async () => {}, shutdown: async () => {} };
  const providers = [
    new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'orders' }), processors: [collect] }),
    new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'billing' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }), processors: [collect], logRecordLimits: { attributeCountLimit: 3 } }),
  ];
  const sampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 });
  const unsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0af7651916cd43dd8448eb211c80319d', spanId: 'b7ad6b7169203332', traceFlags: 0 });
  for (const provider of providers) {
    for (const logger of [provider.getLogger('pino'), provider.getLogger('app', '2.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' })]) {
      logger.emit({});
      logger.emit({ body: 'request completed ü 🚀', severityNumber: SeverityNumber.INFO, severityText: 'info', attributes: RICH_ATTRIBUTES, context: sampled });
      logger.emit({ body: { msg: 'structured', n: 3, nested: { ok: true, list: [1, 'two', null] } }, severityNumber: SeverityNumber.ERROR, context: unsampled, eventName: 'order.failed', timestamp: [1_700_000_000, 5], observedTimestamp: [1_700_000_001, 6] });
      logger.emit({ body: [1, 2.5, 'x', false], severityNumber: SeverityNumber.UNSPECIFIED, severityText: '' });
      logger.emit({ body: new Uint8Array([0, 1, 254, 255]), severityNumber: SeverityNumber.FATAL4 });
      logger.emit({ body: -(2 ** 40), attributes: { 'log.bytes': new Uint8Array([9]) as unknown as string } });
      for (let i = 0; i < 300; i++) logger.emit({ body: `line ${i}`, severityNumber: SeverityNumber.DEBUG, attributes: { i, 'req.id': `r${i}` }, context: sampled });
    }
  }
  return records;
}
