import { metrics, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Counter, type Histogram, type MeterProvider } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import {
  BAGGAGE_CLIENT_SERVICE, METRIC_SERVICE_GRAPH_REQUEST, METRIC_SERVICE_GRAPH_REQUEST_CLIENT,
  METRIC_SERVICE_GRAPH_REQUEST_FAILED, METRIC_SERVICE_GRAPH_REQUEST_SERVER, SCOPE_NAME,
} from '../semconv.js';
import { AttributeSets } from '../AttributeSets.js';
import { createWarnOnce, defaultWarn, type Warn } from '../warn-once.js';

export interface ServiceGraphSpanProcessorOptions {
  /** Where the metrics go; the global meter provider by default. */
  meterProvider?: MeterProvider;
  warn?: Warn;
  /** This service's name; otherwise read from each span's resource once its attributes have settled. */
  serviceName?: string;
  /** Distinct callers kept as `client` values; later ones are recorded as `other`. Default 100. */
  callerLimit?: number;
}

/** Same buckets as the HTTP duration histograms, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Requests that reach a service with no caller information: a browser, curl, a load balancer's client. */
const USER = 'user';
/** The baggage entry comes from the network: anything unlike a service name is not believed. */
const SERVICE_NAME = /^[\w.:/@-]{1,100}$/;

const seconds = (span: ReadableSpan): number => span.duration[0] + span.duration[1] / 1e9;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Service-graph edges as the metrics Tempo's metrics-generator (and the collector's servicegraph
 * connector) produce, so Grafana's service map and the Dependencies dashboard work without either:
 * `traces_service_graph_request_total`, `..._failed_total`, `..._server_seconds`, `..._client_seconds`
 * with `client`, `server` and `connection_type` labels.
 *
 * Each side records what it can know. The callee records the edge (count, failures, server-side
 * duration) from its SERVER span, the caller's name coming from the baggage entry ServiceGraphPropagator
 * adds to every outgoing request. The caller records its CLIENT spans' duration, naming the peer as it
 * sees it (`peer.service`, else `server.address`). Database and cache calls have no server span, so the
 * caller records their whole edge (`connection_type="database"`).
 */
export class ServiceGraphSpanProcessor implements SpanProcessor {
  private readonly _requests: Counter;
  private readonly _failed: Counter;
  private readonly _server: Histogram;
  private readonly _client: Histogram;
  private readonly _callers = new WeakMap<object, string>();
  private readonly _warnOnce: (key: string, message: string) => void;
  private readonly _serviceName: string | undefined;
  private readonly _knownCallers = new Set<string>();
  private readonly _edges = new AttributeSets();
  private readonly _callerLimit: number;

  constructor(options: ServiceGraphSpanProcessorOptions = {}) {
    this._serviceName = str(options.serviceName);
    this._callerLimit = options.callerLimit ?? 100;
    const meter = (options.meterProvider ?? metrics).getMeter(SCOPE_NAME);
    this._warnOnce = createWarnOnce(options.warn ?? defaultWarn);
    this._requests = meter.createCounter(METRIC_SERVICE_GRAPH_REQUEST, { description: 'Requests between two services', unit: '{request}' });
    this._failed = meter.createCounter(METRIC_SERVICE_GRAPH_REQUEST_FAILED, { description: 'Failed requests between two services', unit: '{request}' });
    const histogram = { unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS } };
    this._server = meter.createHistogram(METRIC_SERVICE_GRAPH_REQUEST_SERVER, { ...histogram, description: 'Request duration as the server measured it' });
    this._client = meter.createHistogram(METRIC_SERVICE_GRAPH_REQUEST_CLIENT, { ...histogram, description: 'Request duration as the client measured it' });
  }

  onStart(span: Span, parentContext: Context): void {
    if (span.kind !== SpanKind.SERVER) return;
    try {
      const caller = propagation.getBaggage(parentContext)?.getEntry(BAGGAGE_CLIENT_SERVICE)?.value;
      const remote = trace.getSpanContext(parentContext)?.isRemote === true;
      // A remote parent without the entry is an instrumented caller that is not Sightline.
      const client = caller === undefined ? (remote ? 'unknown' : USER) : this._boundedCaller(caller);
      // USER is what onEnd assumes for a span it has no entry for: most traffic costs no WeakMap entry.
      if (client !== USER) this._callers.set(span, client);
    } catch (error) {
      this._warnOnce('start', `Sightline: service graph: ${(error as Error).message}`);
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      // Reading a resource whose async detectors are still running logs an OpenTelemetry error.
      const self = this._serviceName
        ?? (span.resource.asyncAttributesPending ? undefined : str(span.resource.attributes['service.name']))
        ?? 'unknown_service';
      const failed = span.status.code === SpanStatusCode.ERROR;
      if (span.kind === SpanKind.SERVER) {
        const client = this._callers.get(span) ?? USER;
        this._record(this._edge(client, self, ''), seconds(span), failed, 'server');
        return;
      }
      if (span.kind !== SpanKind.CLIENT) return;
      const a = span.attributes;
      const db = str(a['db.system.name']) ?? str(a['db.system']);
      if (db !== undefined) {
        const server = str(a['peer.service']) ?? str(a['db.namespace']) ?? str(a['db.name']) ?? db;
        this._record(this._edge(self, server, 'database'), seconds(span), failed, 'both');
        return;
      }
      const peer = str(a['peer.service']) ?? str(a['server.address']);
      if (peer !== undefined) this._client.record(seconds(span), this._edge(self, peer, ''));
    } catch (error) {
      this._warnOnce('end', `Sightline: service graph: ${(error as Error).message}`);
    }
  }

  /** Any client can send the entry, so its values are checked and their number bounded (metric cardinality). */
  private _boundedCaller(caller: string): string {
    if (!SERVICE_NAME.test(caller)) return 'unknown';
    if (this._knownCallers.has(caller)) return caller;
    if (this._knownCallers.size >= this._callerLimit) {
      this._warnOnce('callers', `Sightline: service graph: more than ${this._callerLimit} distinct callers; further ones are recorded as "other"`);
      return 'other';
    }
    this._knownCallers.add(caller);
    return caller;
  }

  /** One shared attribute object per edge (see AttributeSets). */
  private _edge(client: string, server: string, connection_type: string): Attributes {
    return this._edges.get(client, server, connection_type) ?? this._edges.keep({ client, server, connection_type }, client, server, connection_type);
  }

  private _record(edge: Attributes, duration: number, failed: boolean, sides: 'server' | 'both'): void {
    this._requests.add(1, edge);
    if (failed) this._failed.add(1, edge);
    this._server.record(duration, edge);
    if (sides === 'both') this._client.record(duration, edge);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
