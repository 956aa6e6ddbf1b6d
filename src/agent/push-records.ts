import { randomBytes } from 'node:crypto';
import type { Principal } from '../people/principal.js';
import { toNumber, toNumberOrNull } from '../store/sql/rows.js';
import type { Store } from '../store/store.js';
import type { AgentStatus } from './wire.js';

/** One agent_pushes row: an accepted push, or a refused one (error set, counts 0). */
export interface PushRecord {
  agentId: string;
  hostname: string | null;
  events: number;
  inserted: number;
  bytes: number;
  lagMs: number | null;
  error: string | null;
}

export async function recordPush(store: Store, principal: Principal, push: PushRecord): Promise<void> {
  await store.transaction((db) =>
    db.run(
      `INSERT INTO agent_pushes (id, ts, team_id, user_id, key_id, agent_id, hostname, events, inserted, bytes, lag_ms, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [randomBytes(12).toString('base64url'), Date.now(), principal.teamId, principal.userId, principal.keyId ?? null, push.agentId, push.hostname,
        push.events, push.inserted, push.bytes, push.lagMs, push.error === null ? null : push.error.slice(0, 1000)],
    ),
  );
}

/**
 * The caller's agents (admins: every agent of the team), newest push first. One row per
 * (agent, user): an agent whose key changed hands shows once per owner.
 */
export async function listAgents(store: Store, principal: Principal): Promise<AgentStatus[]> {
  const mine = principal.role === 'admin' ? '' : 'AND user_id = $2';
  const params = principal.role === 'admin' ? [principal.teamId] : [principal.teamId, principal.userId];
  const rows = await store.reads.all(
    `SELECT agent_id, user_id, max(ts) AS last_push_at, max(CASE WHEN error IS NULL THEN ts END) AS last_success_at,
            count(*) AS pushes, count(error) AS errors, sum(events) AS events, sum(inserted) AS inserted, sum(bytes) AS bytes
       FROM agent_pushes WHERE team_id = $1 ${mine} GROUP BY agent_id, user_id ORDER BY last_push_at DESC LIMIT 500`,
    params,
  );
  return Promise.all(rows.map((row) => withLatest(store, principal.teamId, row)));
}

/** Hostname and lag of the newest push, and the newest error: a primary-key-sized read per agent. */
async function withLatest(store: Store, teamId: string, row: Record<string, unknown>): Promise<AgentStatus> {
  const key = [teamId, String(row.agent_id), String(row.user_id)];
  const where = 'team_id = $1 AND agent_id = $2 AND user_id = $3';
  const [latest] = await store.reads.all(`SELECT hostname, lag_ms FROM agent_pushes WHERE ${where} AND error IS NULL ORDER BY ts DESC LIMIT 1`, key);
  const [failed] = await store.reads.all(`SELECT hostname, error, ts FROM agent_pushes WHERE ${where} AND error IS NOT NULL ORDER BY ts DESC LIMIT 1`, key);
  const lastSuccessAt = toNumberOrNull(row.last_success_at);
  const lastErrorIsNewest = failed !== undefined && (lastSuccessAt === null || toNumber(failed.ts) > lastSuccessAt);
  return {
    agentId: String(row.agent_id),
    userId: String(row.user_id),
    hostname: ((latest ?? failed)?.hostname as string | null | undefined) ?? null,
    lastPushAt: toNumber(row.last_push_at),
    lastSuccessAt,
    lagMs: latest ? toNumberOrNull(latest.lag_ms) : null,
    pushes: toNumber(row.pushes),
    errors: toNumber(row.errors),
    lastError: lastErrorIsNewest ? String(failed.error) : null,
    eventsPushed: toNumber(row.events),
    eventsInserted: toNumber(row.inserted),
    bytesPushed: toNumber(row.bytes),
  };
}
