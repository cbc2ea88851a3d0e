// One pino logger for the service. Under the preload every line carries trace_id, span_id and
// request_id and is exported over OTLP; nothing here sets that up.
import pino from 'pino';

export const log = pino({ name: 'orders' });
