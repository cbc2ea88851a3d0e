import { it } from 'vitest';
import { ExampleStack } from './helpers/ExampleStack.ts';
it('explore', async () => {
  const s = new ExampleStack();
  await s.start(0.3);
  try {
    for (let i = 0; i < 20; i++) await fetch(`${s.ordersUrl}/orders`, { method: 'POST', body: JSON.stringify({ total: 10, currency: 'EUR' }) });
    await fetch(`${s.ordersUrl}/orders/count`);
    await new Promise((r) => setTimeout(r, 6000));
    const names = await (await fetch(`${s.prometheus.url}/api/v1/label/__name__/values`)).json();
    console.log(JSON.stringify(names.data));
    for (const m of ['traces_service_graph_request_total', 'db_client_connection_count', 'db_client_operation_duration_seconds_count', 'db_client_connection_max', 'nodejs_eventloop_delay_p99_seconds', 'v8js_gc_duration_seconds_count', 'traces_span_metrics_calls_total', 'http_server_request_duration_seconds_count', 'traces_service_graph_request_client_seconds_count']) {
      console.log(m, JSON.stringify((await s.prometheus.query(m)).map((x) => [x.metric, x.value])));
    }
    console.log(JSON.stringify(s.loki.requests.map((r) => r.path)));
    console.log(s.orders.stderr().slice(0, 2000));
  } finally { await s.stop(); }
}, 180_000);
