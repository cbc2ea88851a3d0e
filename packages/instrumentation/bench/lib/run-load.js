// One fixed-duration autocannon run (keep-alive, fixed connections, no pipelining). Latency is
// recorded here from each response's hrtime-based duration: autocannon's own histogram has 1 ms
// resolution, too coarse for a hello world.
import autocannon from 'autocannon';

export async function runLoad({ url, connections, durationS, recordLatency = true, rate }) {
  let latencies = new Float64Array(1 << 18);
  let n = 0;
  const instance = autocannon({ url, connections, duration: durationS, pipelining: 1, ...(rate ? { overallRate: rate } : {}) });
  if (recordLatency) {
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      if (n === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[n++] = responseTimeMs;
    });
  }
  const result = await instance;
  const sorted = latencies.subarray(0, n).sort();
  const pct = (p) => (n === 0 ? NaN : sorted[Math.min(n - 1, Math.floor((p / 100) * n))]);
  return {
    ok: result['2xx'],
    notOk: result.non2xx,
    errors: result.errors + result.timeouts,
    durationS: result.duration,
    p50Ms: pct(50),
    p99Ms: pct(99),
    maxMs: n ? sorted[n - 1] : NaN,
  };
}
