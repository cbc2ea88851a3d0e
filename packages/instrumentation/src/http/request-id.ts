import { randomUUID } from 'node:crypto';

export const MAX_REQUEST_ID_LENGTH = 128;
const VALID = /^[A-Za-z0-9._:-]+$/;

/** True when a client-supplied request id is safe to adopt, log and echo. */
export function isValidRequestId(id: string | undefined): id is string {
  return id !== undefined && id.length > 0 && id.length <= MAX_REQUEST_ID_LENGTH && VALID.test(id);
}

export function generateRequestId(): string {
  return randomUUID();
}
