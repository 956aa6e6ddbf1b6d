import { eventId } from '../../core/ids.js';

/**
 * The id of an event sent without one. With a `key`: a hash of the owner's team, the agent and the
 * key, so the same key always names the same event (re-posting it is a no-op). Without: a hash of
 * the team and the event's whole content (keys sorted), so an identical re-post is a no-op too.
 * The team is part of the hash: two teams never derive the same id.
 * @example apiEventId('local', { agent: 'app', key: 'nightly-2025-01-01' })
 */
export function apiEventId(teamId: string, event: { agent?: string; key?: string } & Record<string, unknown>): string {
  if (event.key !== undefined) return eventId('api', teamId, event.agent ?? 'app', 'key', event.key);
  return eventId('api', teamId, 'content', stableJson(event));
}

/** JSON with object keys sorted at every level: the same content always gives the same text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(record[k])}`).join(',')}}`;
}
