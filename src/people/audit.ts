import type { SqlSession } from '../store/sql/session.js';
import type { ClientKind } from './principal.js';
import { newId } from './repo/ids.js';

export type AuditResult = 'ok' | 'denied' | 'error';

export interface AuditEntry {
  teamId: string | null;
  /** a user id, `team:<teamId>` for team keys, or null when nobody was identified (a failed login) */
  actorId: string | null;
  /** e.g. 'login', 'key.create', 'key.revoke', 'settings.update' */
  action: string;
  /** what was acted on, e.g. 'key:<id>', 'user:<id>', 'session:<id>' */
  resource?: string | null;
  result: AuditResult;
  durationMs?: number | null;
  client: ClientKind;
  /** a short JSON-able note; never a secret */
  detail?: unknown;
}

/**
 * One audit row. Callers run it in their own transaction when the audited write is one, so either
 * both are kept or neither.
 * @example await recordAudit(db, { teamId, actorId: user.id, action: 'login', result: 'ok', client: 'web' })
 */
export async function recordAudit(db: SqlSession, entry: AuditEntry, now = Date.now()): Promise<void> {
  const detail = entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail);
  await db.run(
    'INSERT INTO audit_log (id, ts, team_id, actor_id, action, resource, result, duration_ms, client, detail, count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)',
    [newId(), now, entry.teamId, entry.actorId, entry.action, entry.resource ?? null, entry.result, entry.durationMs ?? null, entry.client, detail],
  );
}

const HOUR_MS = 3600_000;

/**
 * Key use, coalesced: one 'key.use' row per key per hour (ts = the hour's start) whose `count`
 * grows by `uses`. The row id is derived from key and hour, so concurrent writers meet on one row.
 */
export async function recordKeyUse(
  db: SqlSession,
  use: { teamId: string; keyId: string; actorId: string; client: ClientKind; uses?: number },
  now = Date.now(),
): Promise<void> {
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
  await db.run(
    `INSERT INTO audit_log (id, ts, team_id, actor_id, action, resource, result, duration_ms, client, detail, count)
     VALUES ($1, $2, $3, $4, 'key.use', $5, 'ok', NULL, $6, NULL, $7)
     ON CONFLICT (id) DO UPDATE SET count = audit_log.count + EXCLUDED.count`,
    [`keyuse_${use.keyId}_${hour}`, hour, use.teamId, use.actorId, `key:${use.keyId}`, use.client, use.uses ?? 1],
  );
}
