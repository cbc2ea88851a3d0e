import { Server, ServerCredentials, type Metadata } from '@grpc/grpc-js';
import { decodeProtobuf, type Signal } from './otlp-proto.js';
import type { OtlpReceiver } from './otlp-receiver.js';

const SERVICES: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

/** OTLP/gRPC on 127.0.0.1, storing what it receives in an OtlpReceiver (same assertions as HTTP). */
export class OtlpGrpcReceiver {
  private server = new Server();
  port = 0;

  /** `tls`: serve TLS with this key and certificate (PEM); with `ca`, a client certificate signed by it is required. */
  constructor(private readonly store: OtlpReceiver, private readonly tls?: { key: string; cert: string; ca?: string }) {}

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    for (const [signal, path] of Object.entries(SERVICES) as Array<[Signal, string]>) {
      this.server.addService({
        Export: {
          path, requestStream: false, responseStream: false,
          requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b,
          responseSerialize: () => Buffer.alloc(0), responseDeserialize: (b: Buffer) => b,
        },
      }, {
        Export: (call: { request: Buffer; metadata: Metadata }, callback: (err: null, res: Buffer) => void) => {
          const headers = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]));
          this.store.ingest({ signal, path, headers, encoding: 'grpc', body: decodeProtobuf(signal, call.request) });
          callback(null, Buffer.alloc(0));
        },
      });
    }
    this.port = await new Promise<number>((ok, fail) =>
      this.server.bindAsync('127.0.0.1:0', this.credentials(), (err, port) => (err ? fail(err) : ok(port))));
    return this;
  }

  private credentials(): ServerCredentials {
    const tls = this.tls;
    if (!tls) return ServerCredentials.createInsecure();
    const ca = tls.ca === undefined ? null : Buffer.from(tls.ca);
    return ServerCredentials.createSsl(ca, [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }], ca !== null);
  }

  /**
   * Stops serving. A graceful shutdown waits for every client connection to end, and the app under test
   * keeps its exporter's connection open (it outlives this call), so after `graceMs` open sessions are cut.
   */
  stop(graceMs = 1000): Promise<void> {
    return new Promise((ok) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        ok();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        ok();
      });
    });
  }
}
