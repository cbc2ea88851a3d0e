/** How a job run ended. `timeout` counts as a failure for the consecutive-failures gauge. */
export type JobOutcome = 'success' | 'failure' | 'timeout' | 'skipped_overlap';

export const JOB_OUTCOMES: readonly JobOutcome[] = ['success', 'failure', 'timeout', 'skipped_overlap'];
