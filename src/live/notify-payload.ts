import type { LiveNotice } from './types.js';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; stay well under. */
export const MAX_NOTIFY_BYTES = 7900;

/** One NOTIFY: the publishing instance and the ids of events it stored. */
export interface NotifyMessage {
  origin: string;
  ids: string[];
}

/**
 * Split a batch's ids into payloads that each fit one NOTIFY. Every payload stands alone (no reassembly):
 * a receiver fetches the rows by id from the shared store.
 * @example encodeNotifications('a1b2', ids).forEach((p) => client.query('SELECT pg_notify($1, $2)', [channel, p]))
 */
export function encodeNotifications(origin: string, ids: readonly string[]): string[] {
  const head = `{"o":${JSON.stringify(origin)},"ids":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = Buffer.byteLength(head) + 2;
  for (const id of ids) {
    const part = JSON.stringify(id);
    const size = Buffer.byteLength(part) + 1;
    if (parts.length && bytes + size > MAX_NOTIFY_BYTES) {
      payloads.push(`${head}${parts.join(',')}]}`);
      parts = [];
      bytes = Buffer.byteLength(head) + 2;
    }
    parts.push(part);
    bytes += size;
  }
  if (parts.length) payloads.push(`${head}${parts.join(',')}]}`);
  return payloads;
}

/** A payload back to its message; null when it is not one of ours. */
export function decodeNotification(payload: string | undefined): NotifyMessage | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as { o?: unknown; ids?: unknown };
    if (typeof value.o !== 'string' || !Array.isArray(value.ids) || !value.ids.every((id) => typeof id === 'string')) return null;
    return { origin: value.o, ids: value.ids as string[] };
  } catch {
    return null;
  }
}

/** A notice travels whole in its NOTIFY (it is small: a title and a few tags): `{"o":origin,"n":notice}`. */
export function encodeNoticeNotification(origin: string, notice: LiveNotice): string {
  const payload = JSON.stringify({ o: origin, n: notice });
  if (Buffer.byteLength(payload) <= MAX_NOTIFY_BYTES) return payload;
  // an oversized title is cut: receivers refetch the insight by id anyway
  return JSON.stringify({ o: origin, n: { ...notice, data: { ...notice.data, title: notice.data.title.slice(0, 500), tags: notice.data.tags.slice(0, 20) } } });
}

/** The notice in a payload, or null when the payload holds event ids (or is not ours). */
export function decodeNoticeNotification(payload: string | undefined): { origin: string; notice: LiveNotice } | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as { o?: unknown; n?: LiveNotice };
    if (typeof value.o !== 'string' || !value.n || value.n.channel !== 'insights' || typeof value.n.teamId !== 'string') return null;
    return { origin: value.o, notice: value.n };
  } catch {
    return null;
  }
}
