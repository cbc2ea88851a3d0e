// The demo's OTLP receiver: OTLP/HTTP with JSON bodies (the services export with
// OTEL_EXPORTER_OTLP_PROTOCOL=http/json, and the collector's demo exporter uses encoding: json), so
// the demo needs no protobuf code. Keeps every span, metric point and log record, flattened.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

function anyValue(v) {
  if (v == null) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return (v.arrayValue.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attrs(v.kvlistValue.values);
  if ('bytesValue' in v) return v.bytesValue;
  return undefined;
}
function attrs(list) {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValue(kv.value)]));
}
/** Unix nanoseconds (a string in OTLP/JSON) to milliseconds with microsecond precision. */
const ms = (nanos) => Number(BigInt(nanos ?? 0) / 1000n) / 1000;

export class OtlpJsonReceiver {
  spans = [];
  metrics = [];
  logs = [];
  /** Called with each signal name after its records were stored. */
  onData = () => {};
  #server;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.#server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        try {
          const raw = Buffer.concat(chunks);
          const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          if (!String(req.headers['content-type']).includes('json')) throw new Error('send OTLP/HTTP with JSON bodies (http/json)');
          this.#ingest(req.url.split('?')[0], JSON.parse(body.toString('utf8')));
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (err) {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(err.message) }));
        }
      });
    });
    await new Promise((ok) => this.#server.listen(0, '127.0.0.1', ok));
    this.port = this.#server.address().port;
    return this;
  }

  async stop() {
    if (!this.#server) return;
    this.#server.closeAllConnections();
    await new Promise((ok) => this.#server.close(() => ok()));
    this.#server = undefined;
  }

  #ingest(path, body) {
    if (path.endsWith('/v1/traces')) this.#addSpans(body);
    else if (path.endsWith('/v1/metrics')) this.#addMetrics(body);
    else if (path.endsWith('/v1/logs')) this.#addLogs(body);
    else throw new Error(`unexpected path ${path}`);
    this.onData(path.split('/').pop());
  }

  #addSpans(body) {
    for (const rs of body.resourceSpans ?? []) {
      const service = attrs(rs.resource?.attributes)['service.name'];
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          this.spans.push({
            traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name, kind: s.kind,
            service, scope: ss.scope?.name ?? '', startMs: ms(s.startTimeUnixNano), endMs: ms(s.endTimeUnixNano),
            attributes: attrs(s.attributes), status: s.status ?? {},
            events: (s.events ?? []).map((e) => ({ name: e.name, timeMs: ms(e.timeUnixNano), attributes: attrs(e.attributes) })),
          });
        }
      }
    }
  }

  #addMetrics(body) {
    for (const rm of body.resourceMetrics ?? []) {
      const service = attrs(rm.resource?.attributes)['service.name'];
      for (const sm of rm.scopeMetrics ?? []) {
        for (const m of sm.metrics ?? []) {
          const data = m.sum ?? m.gauge ?? m.histogram ?? m.exponentialHistogram ?? {};
          for (const p of data.dataPoints ?? []) {
            this.metrics.push({
              name: m.name, service, attributes: attrs(p.attributes), timeMs: ms(p.timeUnixNano),
              value: p.asDouble ?? (p.asInt !== undefined ? Number(p.asInt) : undefined),
              count: p.count !== undefined ? Number(p.count) : undefined, sum: p.sum,
            });
          }
        }
      }
    }
  }

  #addLogs(body) {
    for (const rl of body.resourceLogs ?? []) {
      const service = attrs(rl.resource?.attributes)['service.name'];
      for (const sl of rl.scopeLogs ?? []) {
        for (const l of sl.logRecords ?? []) {
          this.logs.push({
            service, timeMs: ms(l.timeUnixNano || l.observedTimeUnixNano), severity: l.severityText ?? '',
            body: anyValue(l.body), traceId: l.traceId ?? '', spanId: l.spanId ?? '', attributes: attrs(l.attributes),
          });
        }
      }
    }
  }
}
