import type { WorkerLogMessage } from './worker-log-message.js';
import type { WorkerSpanMessage } from './worker-span-message.js';

/** The BroadcastChannel worker threads post their ended spans and emitted logs on; the main thread exports them. */
export const WORKER_CHANNEL = 'sightline:worker-telemetry';

export type WorkerMessage = { span: WorkerSpanMessage } | { log: WorkerLogMessage };
