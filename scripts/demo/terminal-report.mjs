// The report as text for the terminal: the failed order's waterfall, the breaker timeline, KPIs, RED
// numbers, that order's log lines and what to run next. Colour only when writing to a terminal.
import { keyAttributes, spanError, stateSegments, waterfallRows } from './waterfall.mjs';

const BAR = 36;

export function terminalReport(data, { color = false, files } = {}) {
  const c = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const bold = (s) => c(1, s);
  const dim = (s) => c(2, s);
  const red = (s) => c(31, s);
  const time = (ms) => new Date(ms).toISOString().slice(11, 23);
  const out = [];
  const t = data.traffic;
  out.push(bold(`Sightline demo (${data.mode}): ${t.sent} orders, ${t.completed} completed, ${t.failed} failed`));

  const trace = data.traces.find((x) => x.traceId === data.failedOrder?.traceId);
  out.push('', bold(`1. One failed order across both services`));
  if (!trace) out.push('   (no failed order reached payments: nothing to show)');
  else {
    out.push(`   trace ${trace.traceId}  request ${trace.requestId}`);
    const { rows, totalMs } = waterfallRows(trace);
    const nameWidth = Math.min(38, Math.max(...rows.map((r) => r.depth * 2 + r.span.name.length)) + 1);
    for (const r of rows) {
      const from = Math.floor((r.offsetMs / totalMs) * BAR);
      const len = Math.max(1, Math.round((r.durationMs / totalMs) * BAR));
      const bar = ' '.repeat(Math.min(from, BAR - 1)) + '█'.repeat(Math.min(len, BAR - Math.min(from, BAR - 1)));
      const name = (' '.repeat(r.depth * 2) + r.span.name).slice(0, nameWidth).padEnd(nameWidth);
      const err = r.span.status.code === 2;
      out.push(`   ${name} ${String(r.span.service).padEnd(9)}│${(err ? red : (s) => s)(bar.padEnd(BAR))}│ ${r.durationMs.toFixed(1).padStart(7)} ms`);
      const attrs = keyAttributes(r.span).map(([k, v]) => `${k}=${v}`).join(' ');
      if (attrs) out.push(dim(`   ${' '.repeat(nameWidth + 2 + r.depth * 2)}${attrs}`));
      if (err) out.push(red(`   ${' '.repeat(nameWidth + 2 + r.depth * 2)}error: ${spanError(r.span)}`));
    }
    const failure = (data.logsByRequestId[trace.requestId] ?? []).find((l) => l.attributes?.reason);
    if (failure) out.push(red(`   ${failure.service}: ${failure.message}: ${failure.attributes.reason}${failure.attributes.error ? ` (${failure.attributes.error})` : ''}`));
  }

  const transitions = data.breaker.transitions;
  out.push('', bold(`2. Breaker "${data.breaker.name}": state timeline`));
  for (const x of transitions) {
    out.push(`   ${time(x.at)}  ${String(x.from).padEnd(9)} → ${String(x.to).padEnd(9)} ${dim(`(${x.source}${x.traceId ? `, trace ${x.traceId.slice(0, 8)}…` : ''})`)}`);
  }
  const start = Date.parse(data.startedAt);
  const end = Date.parse(data.endedAt);
  const segments = stateSegments(transitions, data.breaker.initialState, start, end);
  const glyph = { closed: '▁', half_open: '▄', open: '█' };
  const width = 60;
  const strip = segments.map((s) => (glyph[s.state] ?? '?').repeat(Math.max(1, Math.round(((s.toMs - s.fromMs) / (end - start || 1)) * width)))).join('');
  out.push(`   ${time(start)} ${strip} ${time(end)}`, dim('   ▁ closed  ▄ half_open  █ open'));

  const k = data.kpis;
  out.push('', bold('3. Business KPIs') + dim(`  (${k.source})`));
  out.push(`   orders placed ${k.ordersPlaced}, completed ${k.ordersCompleted} (${(k.completionRatio * 100).toFixed(0)}%)`);
  out.push(`   revenue ${Object.entries(k.revenueByCurrency).map(([cur, v]) => `${v.toFixed(2)} ${cur}`).join(', ') || '0'}`);
  out.push(`   payments failed ${Object.entries(k.paymentsFailedByReason).map(([r, v]) => `${r} ${v}`).join(', ') || '0'}`);
  out.push('', bold('   RED') + dim('  (rate, errors, duration of every server route)'));
  out.push(dim(`   ${'service'.padEnd(9)} ${'route'.padEnd(18)} ${'requests'.padStart(8)} ${'req/s'.padStart(6)} ${'errors'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}`));
  for (const r of data.red) {
    out.push(`   ${String(r.service).padEnd(9)} ${String(r.route).padEnd(18)} ${String(r.requests).padStart(8)} ${String(r.ratePerSec).padStart(6)} ${String(r.errors).padStart(6)} ${String(r.p50Ms).padStart(7)} ${String(r.p95Ms).padStart(7)}`);
  }

  const requestId = data.failedOrder?.requestId;
  const lines = (requestId && data.logsByRequestId[requestId]) || [];
  out.push('', bold(`4. Every log line of request ${requestId ?? '(none)'}, from both services`));
  for (const l of lines) {
    out.push(`   ${l.time.slice(11, 23)} ${String(l.service).padEnd(9)} ${String(l.severity).padEnd(5)} ${String(l.message).padEnd(44)} ${dim(`trace ${l.traceId}`)}`);
  }

  out.push('', bold('5. Next'));
  for (const n of data.next) out.push(`   ${n.command}`, dim(`     ${n.why}`));
  if (files) out.push('', bold('Report files'), `   ${files.html}`, `   ${files.json}`);
  return out.join('\n');
}
