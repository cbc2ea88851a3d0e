// Cost per call of an instrumented breaker against the raw library in the same run.
// Run after `pnpm build`: node bench/adapter-cost.bench.ts
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { AlwaysOffSampler, AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { circuitBreaker, ConsecutiveBreaker, handleAll } from 'cockatiel';
import CircuitBreaker from 'opossum';
import { CircuitBreakerSpanProcessor, instrumentBreaker } from '../dist/index.mjs';
import { nsPerOp, row } from './util.ts';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const action = async () => 1;
const BATCH = 100;
const run = (call: () => Promise<unknown>) => async (n: number) => {
  for (let i = 0; i < n; i += BATCH) {
    const batch = new Array(BATCH);
    for (let j = 0; j < BATCH; j++) batch[j] = call();
    await Promise.all(batch);
  }
};
const providers = {
  'no SDK (non-recording span)': undefined,
  'SDK, span dropped by sampler': new TracerProvider({ sampler: new AlwaysOffSampler() }),
  'SDK, span recorded + breaker processor, no exporter': new TracerProvider({
    sampler: new AlwaysOnSampler(), spanProcessors: [new CircuitBreakerSpanProcessor({ meterProvider: new MeterProvider() })] }),
};
const N = 200_000;
for (const lib of ['opossum', 'cockatiel'] as const) {
  const make = () => lib === 'opossum'
    ? new CircuitBreaker(action, { timeout: false, name: 'bench' })
    : circuitBreaker(handleAll, { halfOpenAfter: 1_000, breaker: new ConsecutiveBreaker(5) });
  const callOf = (b: any) => lib === 'opossum' ? () => b.fire() : () => b.execute(action);
  const raw = await nsPerOp(run(callOf(make())), N);
  console.log(`\n${lib}: cost per call (target <= 500 ns added with no SDK / span dropped)`);
  console.log(row(`raw ${lib} (baseline)`, raw));
  for (const [label, tracerProvider] of Object.entries(providers)) {
    const b = instrumentBreaker(make(), { name: 'bench', ...(tracerProvider ? { tracerProvider } : {}) });
    console.log(row(`instrumented, ${label}`, await nsPerOp(run(callOf(b)), N), raw));
  }
}
