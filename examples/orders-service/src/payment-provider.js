// The stand-in payment provider as a service of its own, so two services show up as an edge of the
// service graph: OTEL_SERVICE_NAME=payments node --import @sightline/instrumentation src/payment-provider.js
// then start the orders service with PAYMENT_PROVIDER_URL=http://127.0.0.1:<port>/charge.
import { startPaymentProvider } from './payments.js';

const server = await startPaymentProvider(Number(process.env.PAYMENT_FAILURE_RATE ?? 0.2), Number(process.env.PORT ?? 0));
console.log(`listening ${server.address().port}`);
process.on('SIGTERM', () => server.close());
