// What the demo prints while it runs: phases, breaker transitions as the telemetry reports them, and
// a traffic counter (rewritten in place on a terminal, a line every few seconds otherwise).
export function createProgress(stream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  const started = Date.now();
  const clock = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
  let counter = '';
  let lastPrinted = 0;
  const clear = () => { if (tty && counter) stream.write('\r\x1b[K'); };
  const line = (s) => { clear(); stream.write(`${clock()}  ${s}\n`); if (tty && counter) stream.write(counter); };
  return {
    phase: (s) => line(`== ${s}`),
    note: (s) => line(s),
    update(stats) {
      const reasons = Object.entries(stats.byReason).map(([r, n]) => `${r} ${n}`).join(', ');
      counter = `${clock()}  orders ${stats.sent}: completed ${stats.completed}, failed ${stats.failed}${reasons ? ` (${reasons})` : ''}`;
      if (tty) stream.write(`\r\x1b[K${counter}`);
      else if (Date.now() - lastPrinted > 3000) { lastPrinted = Date.now(); stream.write(`${counter}\n`); }
    },
    done() { clear(); counter = ''; },
  };
}
