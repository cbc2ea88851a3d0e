import { withDeadline } from './with-deadline.js';

/** One phase of the shutdown (drain traffic, flush telemetry), bounded by its own budget. */
export interface ShutdownStep {
  readonly name: string;
  readonly timeoutMs: number;
  /** The budget for one shutdown, when it depends on what started it (default `timeoutMs`). */
  budget?(signal?: NodeJS.Signals): number;
  /** `signal`: what started the shutdown (a step may treat an interactive SIGINT differently). */
  run(timeoutMs: number, signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The ordered phases that run once a shutdown signal arrives. Each step runs after the previous
 * one and is cut off at its `timeoutMs`, so the whole sequence never takes longer than the sum of
 * the budgets. Steps that must happen before the flush (a readiness drain) are added in front of it.
 */
export class ShutdownSequence {
  readonly #steps: ShutdownStep[] = [];
  #run: Promise<void> | undefined;
  #settled = false;
  #deadline = 0;

  constructor(steps: ShutdownStep[] = []) {
    this.#steps.push(...steps);
  }

  /** Adds a step in front of the step named `before` (at the end when there is none). */
  add(step: ShutdownStep, before?: string): void {
    const at = before === undefined ? -1 : this.#steps.findIndex((s) => s.name === before);
    if (at < 0) this.#steps.push(step);
    else this.#steps.splice(at, 0, step);
  }

  get started(): boolean {
    return this.#run !== undefined;
  }

  /** True while a started sequence has not finished. */
  get running(): boolean {
    return this.#run !== undefined && !this.#settled;
  }

  /** Epoch ms by which a started sequence ends at the latest. */
  get deadline(): number {
    return this.#deadline;
  }

  /** Starts the steps (once); later calls return the same promise. Never rejects. */
  run(signal?: NodeJS.Signals): Promise<void> {
    if (this.#run) return this.#run;
    const budgets = this.#steps.map((s) => s.budget?.(signal) ?? s.timeoutMs);
    this.#deadline = Date.now() + budgets.reduce((sum, ms) => sum + ms, 0);
    this.#run = (async () => {
      for (const [i, step] of this.#steps.entries()) await withDeadline(Promise.resolve().then(() => step.run(budgets[i]!, signal)), budgets[i]!, step.name);
      this.#settled = true;
    })();
    return this.#run;
  }
}
