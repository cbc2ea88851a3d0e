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

  constructor(private readonly store: OtlpReceiver) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
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
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => (err ? fail(err) : ok(port))));
    return this;
  }

  stop(): Promise<void> {
    return new Promise((ok) => this.server.tryShutdown(() => ok()));
  }
}
