import { createHash } from 'node:crypto';

/**
 * Deterministic event ids: a hash of the source and the event's natural key, so that
 * ingesting the same thing twice (re-import, replayed hook, retried OTLP batch) is a no-op.
 *
 * @example eventId('cc', 'msg', message.id) // the same API response always gets the same id
 */
export function eventId(...naturalKey: Array<string | number>): string {
  return createHash('sha1').update(naturalKey.join('\u0000')).digest('base64url').slice(0, 22);
}
