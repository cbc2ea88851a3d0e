import { createNoopMeter, type MeterProvider, type Tracer } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { LeanTracer, type TracerSettings } from './LeanTracer.js';

/**
 * The SDK's TracerProvider (its processors, flush and shutdown) whose tracers create LeanSpans. The
 * settings are the ones the SDK built for its own tracers; where they are not there (another SDK
 * version) or the SDK would record its tracer metrics (a meter provider given), its own tracer is used.
 */
export class LeanTracerProvider extends TracerProvider {
  private readonly _leanTracers = new Map<string, Tracer>();

  override getTracer(name: string, version?: string, options?: { schemaUrl?: string }): Tracer {
    const key = `${name}@${version || ''}:${options?.schemaUrl || ''}`;
    let tracer = this._leanTracers.get(key);
    if (tracer === undefined) {
      const settings = leanSettings(this);
      tracer = settings === undefined ? super.getTracer(name, version, options) : new LeanTracer({ name, version, schemaUrl: options?.schemaUrl }, settings);
      this._leanTracers.set(key, tracer);
    }
    return tracer;
  }
}

type SdkTracerOptions = Partial<TracerSettings> & { meterProvider?: MeterProvider };

function leanSettings(provider: TracerProvider): TracerSettings | undefined {
  const o = (provider as unknown as { _tracerOptions?: SdkTracerOptions })._tracerOptions;
  if (o === undefined || !o.resource || !o.sampler || !o.spanLimits || !o.idGenerator || !o.spanProcessor) return undefined;
  if (o.meterProvider !== undefined && o.meterProvider.getMeter('@opentelemetry/sdk-trace') !== createNoopMeter()) return undefined;
  return { resource: o.resource, sampler: o.sampler, spanLimits: o.spanLimits, idGenerator: o.idGenerator, spanProcessor: o.spanProcessor };
}
