import { gzipSync } from 'node:zlib';
import { retryAfterMs } from '../client/backoff.js';
import type { CanonicalEvent } from '../core/event.js';
import { AGENT_ID_HEADER, HOSTNAME_HEADER, NDJSON_TYPE, PUSH_PATH, type PushResponse } from './wire.js';

export interface PushTarget {
  /** server base URL */
  server: string;
  /** API key `sl_<id>_<secret>` (or, against a local-mode server, its token) */
  key: string;
  agentId: string;
  hostname: string;
}

export type PushOutcome =
  | ({ kind: 'acknowledged'; bytes: number } & PushResponse)
  /** network error, 5xx, 408, 429: the same events go again later */
  | { kind: 'retry'; reason: string; retryAfterMs: number | null }
  /** 4xx: the server refused; retrying unchanged will not help until someone fixes the key or the server */
  | { kind: 'refused'; status: number; reason: string; field?: string };

const REQUEST_TIMEOUT_MS = 60_000;

/** One gzip NDJSON push. Ids are deterministic, so a push repeated after a lost answer stores nothing twice. */
export async function pushEvents(target: PushTarget, events: readonly CanonicalEvent[]): Promise<PushOutcome> {
  const body = gzipSync(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  let response: Response;
  try {
    response = await fetch(new URL(PUSH_PATH, target.server), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.key}`,
        'content-type': NDJSON_TYPE,
        'content-encoding': 'gzip',
        'x-sightline-client': 'agent',
        [AGENT_ID_HEADER]: target.agentId,
        [HOSTNAME_HEADER]: target.hostname,
      },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'retry', reason: describeFetchError(error), retryAfterMs: null };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    const answer = parseJson(text) as Partial<PushResponse> | null;
    return { kind: 'acknowledged', accepted: answer?.accepted ?? events.length, inserted: answer?.inserted ?? 0, bytes: body.length };
  }
  const error = (parseJson(text) as { error?: { message?: string; field?: string } } | null)?.error;
  const reason = `HTTP ${response.status}${error?.message ? `: ${error.message}` : ''}`;
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    return { kind: 'retry', reason, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
  }
  return { kind: 'refused', status: response.status, reason, field: error?.field };
}

/** fetch hides the useful part ("connect ECONNREFUSED …") in `cause`. */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : (error as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
