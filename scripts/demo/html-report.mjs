// The report as one self-contained HTML file: inline CSS and SVG, no script, no external assets.
import { keyAttributes, spanError, stateSegments, waterfallRows } from './waterfall.mjs';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]);
const time = (ms) => new Date(ms).toISOString().slice(11, 23);
const STATE_COLORS = { closed: '#2e9d5b', half_open: '#e0a526', open: '#d64545' };

function waterfallSvg(trace) {
  const { rows, totalMs } = waterfallRows(trace);
  const label = 300;
  const bars = 520;
  const rowH = 26;
  const width = label + bars + 90;
  const parts = rows.map((r, i) => {
    const y = i * rowH + 20;
    const x = label + (r.offsetMs / totalMs) * bars;
    const w = Math.max(2, (r.durationMs / totalMs) * bars);
    const err = r.span.status.code === 2;
    const tip = [r.span.name, `${r.durationMs.toFixed(2)} ms`, ...keyAttributes(r.span).map(([k, v]) => `${k}=${v}`), err ? `error: ${spanError(r.span)}` : ''].filter(Boolean).join('\n');
    return `<g class="span-row"><text x="${4 + r.depth * 14}" y="${y + 14}" class="span-name">${esc(r.span.name)} <tspan class="svc svc-${esc(r.span.service)}">${esc(r.span.service)}</tspan></text>`
      + `<rect class="span-bar${err ? ' error' : ''} svc-${esc(r.span.service)}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="18" rx="3"><title>${esc(tip)}</title></rect>`
      + `<text x="${(x + w + 4).toFixed(1)}" y="${y + 14}" class="dur">${r.durationMs.toFixed(1)} ms</text></g>`;
  });
  return `<svg class="waterfall" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${rows.length * rowH + 30}" viewBox="0 0 ${width} ${rows.length * rowH + 30}">`
    + `<text x="${label}" y="12" class="axis">0 ms</text><text x="${label + bars}" y="12" class="axis" text-anchor="end">${totalMs.toFixed(1)} ms</text>${parts.join('')}</svg>`;
}

function spanDetails(trace) {
  const { rows } = waterfallRows(trace);
  return rows.map((r) => {
    const attrs = keyAttributes(r.span).map(([k, v]) => `<code>${esc(k)}=${esc(v)}</code>`).join(' ');
    const err = spanError(r.span);
    return `<li style="margin-left:${r.depth * 16}px"><b>${esc(r.span.name)}</b> <span class="svc svc-${esc(r.span.service)}">${esc(r.span.service)}</span> ${r.durationMs.toFixed(1)} ms ${attrs}${err ? ` <span class="err">error: ${esc(err)}</span>` : ''}</li>`;
  }).join('');
}

function timelineSvg(data) {
  const start = Date.parse(data.startedAt);
  const end = Date.parse(data.endedAt);
  const width = 900;
  const span = Math.max(end - start, 1);
  const x = (ms) => ((ms - start) / span) * width;
  const segments = stateSegments(data.breaker.transitions, data.breaker.initialState, start, end).map((s) => {
    const width = Math.max(1, x(s.toMs) - x(s.fromMs));
    const label = width > 70 ? `<text class="state-label" x="${(x(s.fromMs) + 6).toFixed(1)}" y="30">${esc(s.state)} ${((s.toMs - s.fromMs) / 1000).toFixed(1)} s</text>` : '';
    return `<rect class="state-segment" data-state="${esc(s.state)}" x="${x(s.fromMs).toFixed(1)}" y="10" width="${width.toFixed(1)}" height="30" fill="${STATE_COLORS[s.state] ?? '#888'}"><title>${esc(s.state)} ${time(s.fromMs)} – ${time(s.toMs)}</title></rect>${label}`;
  });
  const marks = data.breaker.transitions.map((t) => `<line class="transition" x1="${x(t.at).toFixed(1)}" x2="${x(t.at).toFixed(1)}" y1="5" y2="45"><title>${esc(`${time(t.at)} ${t.from} → ${t.to}`)}</title></line>`);
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="70" viewBox="0 0 ${width} 70">${segments.join('')}${marks.join('')}`
    + `<text x="0" y="62" class="axis">${time(start)}</text><text x="${width}" y="62" class="axis" text-anchor="end">${time(end)}</text></svg>`;
}

function failureLine(data, trace) {
  const f = (data.logsByRequestId[trace.requestId] ?? []).find((l) => l.attributes?.reason);
  return f ? `<p class="err">${esc(f.service)}: ${esc(f.message)}: ${esc(f.attributes.reason)}${f.attributes.error ? ` (${esc(f.attributes.error)})` : ''}</p>` : '';
}

const table = (head, rows) => `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

export function htmlReport(data) {
  const trace = data.traces.find((t) => t.traceId === data.failedOrder?.traceId);
  const k = data.kpis;
  const requestId = data.failedOrder?.requestId;
  const logs = (requestId && data.logsByRequestId[requestId]) || [];
  const t = data.traffic;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sightline demo report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#1d2430;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #dde2ea;padding-bottom:.2em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #dde2ea;padding:.25em .6em;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f3f5f8}code{background:#f3f5f8;padding:0 .25em;border-radius:3px;font-size:.9em}
.span-name{font:12px ui-monospace,monospace}.dur,.axis{font:11px ui-monospace,monospace;fill:#5a6372}
.span-bar{fill:#4a7bd0}.span-bar.svc-payments{fill:#8a5cc2}.span-bar.error{fill:#d64545}
.svc{font-size:.8em;color:#5a6372;fill:#5a6372}.err{color:#c03030}
.transition{stroke:#1d2430;stroke-width:1}.state-label{font:12px system-ui,sans-serif;fill:#fff;pointer-events:none}ul.spans{list-style:none;padding-left:0}
.legend span{display:inline-block;padding:0 .5em;margin-right:.5em;color:#fff;border-radius:3px}
</style></head><body>
<h1>Sightline demo report</h1>
<p>${esc(data.mode)} mode, ${esc(data.startedAt)} to ${esc(data.endedAt)}: ${t.sent} orders sent, ${t.completed} completed, ${t.failed} failed.</p>
<h2>One failed order across both services</h2>
${trace ? `<p>trace <code>${esc(trace.traceId)}</code>, request <code>${esc(trace.requestId)}</code></p>${waterfallSvg(trace)}<ul class="spans">${spanDetails(trace)}</ul>${failureLine(data, trace)}` : '<p>No failed order reached payments.</p>'}
<h2>Breaker “${esc(data.breaker.name)}”: state timeline</h2>
${timelineSvg(data)}
<p class="legend">${Object.entries(STATE_COLORS).map(([s, col]) => `<span style="background:${col}">${s}</span>`).join('')}</p>
${table(['time', 'from', 'to', 'seen in', 'trace'], data.breaker.transitions.map((x) => [time(x.at), x.from, x.to, x.source, x.traceId ?? '']))}
<h2>Business KPIs</h2>
<p>${esc(k.source)}</p>
${table(['KPI', 'value'], [
    ['orders placed', k.ordersPlaced], ['orders completed', k.ordersCompleted], ['completion ratio', `${(k.completionRatio * 100).toFixed(1)}%`],
    ...Object.entries(k.revenueByCurrency).map(([cur, v]) => [`revenue ${cur}`, v.toFixed(2)]),
    ...Object.entries(k.paymentsFailedByReason).map(([r, v]) => [`payments failed: ${r}`, v]),
  ])}
<h2>RED: rate, errors, duration</h2>
${table(['service', 'route', 'requests', 'req/s', 'errors', 'error ratio', 'p50 ms', 'p95 ms'], data.red.map((r) => [r.service, r.route, r.requests, r.ratePerSec, r.errors, r.errorRatio, r.p50Ms, r.p95Ms]))}
<h2>Every log line of request ${esc(requestId ?? '(none)')}</h2>
${table(['time', 'service', 'level', 'message', 'trace id', 'span id'], logs.map((l) => [l.time.slice(11, 23), l.service, l.severity, l.message, l.traceId, l.spanId]))}
<h2>Next</h2>
<ul>${data.next.map((n) => `<li><code>${esc(n.command)}</code>: ${esc(n.why)}</li>`).join('')}</ul>
</body></html>
`;
}
