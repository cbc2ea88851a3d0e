import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate, type OTLPExporterNodeConfigBase } from '@opentelemetry/otlp-exporter-base/node-http';
import { decodePartialSuccess } from './decode-partial-success.js';
import { ProtoWriter } from './ProtoWriter.js';

export interface ProtoSignal<T> {
  /** Signal name as otlp-exporter-base reads it (`TRACES`) and the URL path it defaults to. */
  identifier: 'TRACES' | 'LOGS' | 'METRICS';
  path: string;
  /** otel.component.type of the upstream exporter this stands in for (its self-observability metrics). */
  componentType: string;
  metricsHelper: { name: 'span' | 'log' | 'metric_data_point'; countItems: (items: T) => number };
  rejectedField: string;
  encode: (w: ProtoWriter, items: T) => void;
}

interface Delegate<T> {
  export(items: T, cb: (r: ExportResult) => void): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * OTLP http/protobuf exporter: Sightline's encoder on otlp-exporter-base's HTTP delegate, the same
 * transport the upstream `-proto` exporters build (retries with Retry-After, gzip, timeout,
 * concurrency limit, agent options), so only the serializer differs.
 *
 * `export` encodes on the next `setImmediate`, not in its caller: the batch processors export from
 * inside the `span.end()` that fills a batch, which would otherwise pay for the whole batch's encoding
 * inside one request. `forceFlush` and `shutdown` wait for deferred exports first.
 */
export class ProtoHttpExporter<T> {
  readonly #delegate: Delegate<T>;
  readonly #pending = new Set<Promise<void>>();

  constructor(signal: ProtoSignal<T>, config: OTLPExporterNodeConfigBase) {
    const writer = new ProtoWriter();
    const serializer = {
      serializeRequest(items: T): Uint8Array {
        signal.encode(writer, items);
        return writer.finish();
      },
      deserializeResponse: (data: Uint8Array) => decodePartialSuccess(data, signal.rejectedField),
    };
    const options = convertLegacyHttpOptions(config, signal.identifier, signal.path, { 'Content-Type': 'application/x-protobuf' });
    this.#delegate = createOtlpHttpExportDelegate(options, serializer, signal.componentType, signal.metricsHelper, undefined);
  }

  export(items: T, resultCallback: (result: ExportResult) => void): void {
    const done = new Promise<void>((resolve) => {
      setImmediate(() => {
        try {
          this.#delegate.export(items, resultCallback);
        } catch (error) {
          resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
        }
        resolve();
      });
    });
    this.#pending.add(done);
    void done.then(() => this.#pending.delete(done));
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.#pending);
    await this.#delegate.forceFlush();
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.#pending);
    await this.#delegate.shutdown();
  }
}
