// opossum 10 ships no types; the tests need only this much.
declare module 'opossum' {
  class CircuitBreaker<A extends unknown[] = unknown[], R = unknown> {
    constructor(action: (...args: A) => Promise<R>, options?: Record<string, unknown>);
    fire(...args: A): Promise<R>;
    fallback(fn: (...args: unknown[]) => unknown): this;
    shutdown(): void;
    open(): void;
    readonly opened: boolean;
    readonly halfOpen: boolean;
    readonly isShutdown: boolean;
    readonly name: string;
  }
  export default CircuitBreaker;
}
