import { trace, type AttributeValue, type Span } from '@opentelemetry/api';
import { ATTR_BUSINESS_VALUE } from '../semconv.js';

export type BusinessEventData = { value?: number } & Record<string, AttributeValue | undefined>;

/**
 * Records a business event (`order.completed`, `payment.failed`) on the active span, or on `span`.
 * `value` is stored as `business.value`; the other fields as event attributes. Rules turn these
 * events into metrics. Returns false when there is no recording span to put it on.
 */
export function recordBusinessEvent(name: string, data: BusinessEventData = {}, span?: Span): boolean {
  const target = span ?? trace.getActiveSpan();
  if (target === undefined || !target.isRecording()) return false;
  const attributes: Record<string, AttributeValue> = {};
  for (const key in data) {
    const v = data[key];
    if (v !== undefined) attributes[key === 'value' ? ATTR_BUSINESS_VALUE : key] = v;
  }
  target.addEvent(name, attributes);
  return true;
}
