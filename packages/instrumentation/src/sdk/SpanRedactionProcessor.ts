import type { Context } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';

export interface KeyRedactionPolicy {
  isSensitiveKey(key: string): boolean;
  readonly censor: string;
}

/**
 * Masks span attributes whose key names a secret (password, token, authorization, cookie, ...)
 * before the span ends, using the same policy object as the pino redaction, so one list covers logs
 * and spans. Decisions are cached per key: attribute keys repeat across spans.
 */
export class SpanRedactionProcessor implements SpanProcessor {
  private readonly decisions = new Map<string, boolean>();

  constructor(private readonly policy: KeyRedactionPolicy) {}

  onStart(_span: Span, _parent: Context): void {}

  onEnding(span: Span): void {
    const attributes = span.attributes;
    for (const key in attributes) {
      let sensitive = this.decisions.get(key);
      if (sensitive === undefined) {
        sensitive = this.policy.isSensitiveKey(key);
        if (this.decisions.size < 10_000) this.decisions.set(key, sensitive);
      }
      if (sensitive && attributes[key] !== this.policy.censor) span.setAttribute(key, this.policy.censor);
    }
  }

  onEnd(): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
