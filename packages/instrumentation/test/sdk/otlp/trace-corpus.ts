import { createTraceState, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace';

const LONG = 'x'.repeat(200);
const HUGE = 'y'.repeat(20_000);

/** Every attribute value type and the integer/double/string edges of their encodings. */
export const RICH_ATTRIBUTES: Attributes = {
  'str': 'value',
  'str.empty': '',
  'str.long': LONG,
  'str.utf8': 'Grüße, 東京, emoji 🚀, combining é',
  'str.lone-surrogate': 'a\ud800b',
  'int.zero': 0,
  'int.one': 1,
  'int.127': 127,
  'int.128': 128,
  'int.2^31': 2 ** 31,
  'int.2^32': 2 ** 32,
  'int.max-safe': Number.MAX_SAFE_INTEGER,
  'int.2^60': 2 ** 60,
  'int.neg': -1,
  'int.neg-2^31': -(2 ** 31),
  'int.neg-2^40-1': -(2 ** 40) - 1,
  'int.min-safe': Number.MIN_SAFE_INTEGER,
  'int.neg-2^63': -(2 ** 63),
  'num.2^63': 2 ** 63,
  'num.1e300': 1e300,
  'num.pi': Math.PI,
  'num.neg': -0.5,
  'num.tiny': 5e-324,
  'num.nan': Number.NaN,
  'num.inf': Number.POSITIVE_INFINITY,
  'num.neg-inf': Number.NEGATIVE_INFINITY,
  'bool.true': true,
  'bool.false': false,
  'arr.str': ['a', '', 'ü', LONG],
  'arr.int': [0, 1, -1, 2 ** 40, -(2 ** 40)],
  'arr.double': [0.5, -1.25, 1e-10],
  'arr.bool': [true, false],
  'arr.bytes-like': [0, 1, 127, 128, 255],
  'arr.with-null': ['a', null, 'b', undefined] as unknown as string[],
  'arr.empty': [],
};

/** Spans from the real SDK: two resources, several scopes, every span field set and unset. */
export function sdkSpans(): ReadableSpan[] {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = { onStart() {}, onEnd: (s) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} };
  const providers = [
    new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'orders', 'host.name': 'h1', 'deployment.environment.name': 'prod' }), spanProcessors: [collect] }),
    new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'billing', 'n': 3, 'ok': true }, { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' }), spanProcessors: [collect] }),
    // Small limits: dropped attribute, event and link counts.
    new TracerProvider({ resource: resourceFromAttributes({}), spanProcessors: [collect], spanLimits: { attributeCountLimit: 5, eventCountLimit: 2, linkCountLimit: 1, attributePerEventCountLimit: 1, attributePerLinkCountLimit: 1 } }),
    // No limits: a span with thousands of attributes.
    new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'big' }), spanProcessors: [collect], spanLimits: { attributeCountLimit: 10_000 } }),
  ];
  const remote = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: 1,
    isRemote: true,
    traceState: createTraceState('vendor=abc,other=x-y'),
  });
  const local = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ffffffffffffffffffffffffffffffff', spanId: '0000000000000001', traceFlags: 0, isRemote: false });
  const link = {
    context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true, traceState: createTraceState('k=v') },
    attributes: { 'link.kind': 'follows', 'n': 2 },
  };

  providers.forEach((provider, p) => {
    const tracers = [
      provider.getTracer('scope-a'),
      provider.getTracer('scope-b', '1.2.3'),
      provider.getTracer('scope-c', '0.1.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' }),
    ];
    const kinds = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER];
    tracers.forEach((tracer, t) => {
      const minimal = tracer.startSpan('');
      minimal.end();

      const parent = tracer.startSpan(`parent ${p}/${t}`, { kind: kinds[(p + t) % kinds.length], attributes: RICH_ATTRIBUTES }, remote);
      parent.addEvent('no attributes');
      parent.addEvent('with attributes', { 'event.str': 'ü', 'event.int': -7, 'event.arr': [1.5, 2.5] });
      parent.addEvent('at a time', { a: 1 }, [1_700_000_000, 123_456_789]);
      parent.addLink(link);
      parent.addLink({ context: trace.getSpanContext(local)! });
      parent.setStatus({ code: SpanStatusCode.ERROR, message: 'failed: 東京 timeout' });
      const child = tracer.startSpan('child', { kind: SpanKind.CLIENT, links: [link] }, trace.setSpan(ROOT_CONTEXT, parent));
      child.setStatus({ code: SpanStatusCode.OK });
      child.recordException(new Error('boom'));
      child.end([1_700_000_001, 999_999_999]);
      parent.end();

      const local1 = tracer.startSpan('local parent, unsampled flags', {}, local);
      local1.setStatus({ code: SpanStatusCode.ERROR });
      local1.end();
    });
    if (p === 3) {
      const wide = tracers[0]!.startSpan('wide');
      for (let i = 0; i < 2000; i++) wide.setAttribute(`attr.${i}`, i % 3 === 0 ? `v${i}` : i % 3 === 1 ? i * 1000 : i / 7);
      wide.setAttribute('huge', HUGE);
      wide.end();
    }
  });
  // A batch the size of a full export: scope lengths above 16 KiB.
  const bulk = providers[0]!.getTracer('bulk');
  for (let i = 0; i < 600; i++) {
    const s = bulk.startSpan(`GET /orders/${i}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200, 'url.path': `/orders/${i}` } });
    s.end();
  }
  return ended;
}

/**
 * Hand-built spans for what the API cannot produce but an exporter can be given (worker-thread
 * spans, other SDKs): Uint8Array and object values, scope attributes, no events/links arrays entries.
 */
export function handBuiltSpans(): ReadableSpan[] {
  const resource = resourceFromAttributes({ 'service.name': 'hand' });
  const scope = { name: 'hand-scope', version: '9', attributes: { 'scope.attr': 'x', 'scope.n': 1 }, droppedAttributesCount: 3 } as ReadableSpan['instrumentationScope'];
  const base = {
    name: 'hand',
    kind: SpanKind.INTERNAL,
    startTime: [0, 0],
    endTime: [4_294_967_296, 999_999_999],
    duration: [1, 0],
    status: { code: SpanStatusCode.UNSET },
    events: [{ name: 'e', time: [1, 1], attributes: undefined, droppedAttributesCount: 4 }],
    links: [],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
  const ctx = (spanId: string, traceFlags = 1) => () => ({ traceId: '0123456789abcdef0123456789abcdef', spanId, traceFlags });
  return [
    { ...base, spanContext: ctx('0123456789abcdef'), attributes: { bytes: new Uint8Array([0, 1, 2, 255]), empty: new Uint8Array(0), obj: { a: 'b', nested: { n: 1, arr: [true] } }, nul: null, fn: (() => 1) as unknown } },
    // Integer-like keys come first in either walk; an inherited enumerable key is not the span's own.
    { ...base, spanContext: ctx('00000000000000aa'), attributes: Object.assign(Object.create({ inherited: 'no' }) as object, { b: 1, 10: 'ten', a: 2, 2: 'two' }) },
    { ...base, spanContext: ctx('fedcba9876543210', 0), attributes: {}, parentSpanContext: { traceId: '0123456789abcdef0123456789abcdef', spanId: '0123456789abcdef', traceFlags: 1, isRemote: false } },
  ] as unknown as ReadableSpan[];
}
