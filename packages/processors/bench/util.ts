/** Tiny benchmark helpers: warm up, then best-of-rounds ns per operation. */
export async function nsPerOp(fn: (n: number) => unknown | Promise<unknown>, n: number, rounds = 5): Promise<number> {
  await fn(Math.min(n, 20_000)); // warm-up
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    await fn(n);
    const ns = Number(process.hrtime.bigint() - t0) / n;
    if (ns < best) best = ns;
  }
  return best;
}

export function row(label: string, ns: number, baseline?: number): string {
  const ratio = baseline === undefined ? '' : `  ratio ${(ns / baseline).toFixed(2)}x  (+${(ns - baseline).toFixed(0)} ns)`;
  return `${label.padEnd(66)} ${ns.toFixed(0).padStart(7)} ns${ratio}`;
}
