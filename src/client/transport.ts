import { retryAfterMs } from './backoff.js';

/** What one POST of a batch came to. */
export type SendOutcome =
  | { kind: 'delivered'; accepted: number; rejected: Array<{ index: number; field: string; message: string }> }
  /** network error, 5xx, 408 or 429: try again later (not before retryAfterMs when the server said so) */
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }
  /** the server refused the batch as a whole (4xx): retrying cannot help */
  | { kind: 'refused'; status: number; reason: string };

const REQUEST_TIMEOUT_MS = 30_000;

/** POST one batch (events already JSON-encoded, one string each) to /api/v1/events. */
export async function sendBatch(url: string, token: string, encodedEvents: readonly string[]): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/+$/, '')}/api/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: `{"events":[${encodedEvents.join(',')}]}`,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'retry', reason: (error as Error).message, retryAfterMs: null };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 200 || response.status === 207) {
    const body = parseJson(text) as { accepted?: number; rejected?: SendOutcomeRejections } | null;
    return { kind: 'delivered', accepted: body?.accepted ?? encodedEvents.length, rejected: body?.rejected ?? [] };
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    return { kind: 'retry', reason: `HTTP ${response.status}`, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
  }
  const message = (parseJson(text) as { error?: { message?: string } } | null)?.error?.message ?? text.slice(0, 200);
  return { kind: 'refused', status: response.status, reason: `HTTP ${response.status}: ${message}` };
}

type SendOutcomeRejections = Array<{ index: number; field: string; message: string }>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
