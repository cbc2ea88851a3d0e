import { readFileSync } from 'node:fs';

/** Secrets and personal data, each distinctive enough that any occurrence anywhere is a leak. */
export const CORPUS: Record<string, string> = JSON.parse(readFileSync(new URL('../fixtures/app/pii-corpus.json', import.meta.url), 'utf8'));

/** The names of the corpus entries found in `text`, as written or URL-encoded. */
export function leaks(text: string): string[] {
  return Object.entries(CORPUS).filter(([, secret]) => text.includes(secret) || text.includes(encodeURIComponent(secret))).map(([name]) => name);
}

/** Sends every request of the corpus to a running pii-server.mjs. */
export async function sendCorpus(base: string): Promise<void> {
  const headers = { authorization: `Bearer ${CORPUS.bearer}`, cookie: `session=${CORPUS.cookie}`, 'x-api-key': CORPUS.apiKey!, 'x-forwarded-email': CORPUS.email! };
  await (await fetch(`${base}/users/${CORPUS.email}/profile?api_key=${CORPUS.apiKey}&password=${CORPUS.password}`, { headers })).text();
  await (await fetch(`${base}/cards/${CORPUS.card}?iban=${CORPUS.iban}`, { headers })).text();
  await (await fetch(`${base}/invite/${CORPUS.pathToken}`, { headers })).text();
  await (await fetch(`${base}/login`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ email: CORPUS.email, password: CORPUS.password, iban: CORPUS.iban, cardNumber: CORPUS.card }),
  })).text();
  await (await fetch(`${base}/fail/${CORPUS.email}`, { headers })).text();
}
