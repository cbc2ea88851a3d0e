import { randomUUID } from 'node:crypto';
import { VALID_REQUEST_ID } from '@sightline/pino/policy';

/** True when a client-supplied request id is safe to adopt, log and echo (the grammar lives in @sightline/pino). */
export function isValidRequestId(id: string | undefined): id is string {
  return id !== undefined && VALID_REQUEST_ID.test(id);
}

export function generateRequestId(): string {
  return randomUUID();
}
