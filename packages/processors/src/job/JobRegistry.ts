/** A job declared with trackJob, known before its first run (the gauges report it from then on). */
export interface DeclaredJob {
  readonly name: string;
  /** Seconds; undefined when the job declares no schedule. */
  readonly expectedIntervalSeconds: number | undefined;
}

const GLOBAL_KEY = Symbol.for('sightline.processors.job-registry');

/**
 * Connects trackJob to job span processors. One instance per process lives on `globalThis`, so two
 * copies of this package (the preload's and the app's) still meet.
 */
export class JobRegistry {
  private readonly _jobs = new Map<string, DeclaredJob>();

  static global(): JobRegistry {
    const holder = globalThis as { [GLOBAL_KEY]?: JobRegistry };
    return (holder[GLOBAL_KEY] ??= new JobRegistry());
  }

  declare(job: DeclaredJob): void {
    const known = this._jobs.get(job.name);
    // Two wrappers of one job: keep the schedule that was declared.
    if (known === undefined || job.expectedIntervalSeconds !== undefined) this._jobs.set(job.name, job);
  }

  jobs(): IterableIterator<DeclaredJob> {
    return this._jobs.values();
  }

  /** Forget every job (tests). */
  clear(): void {
    this._jobs.clear();
  }
}
