/** Rejects a tracked run that outlived its `timeoutMs`; the run's AbortSignal is aborted with it. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';

  constructor(readonly job: string, readonly timeoutMs: number) {
    super(`job ${job} timed out after ${timeoutMs} ms`);
  }
}
