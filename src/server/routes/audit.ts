import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { afterCursorSql, keysetOrderSql, toPage, type Page } from '../../analytics/views/pagination.js';
import { parseInstant } from '../../analytics/views/time-range.js';
import type { Principal } from '../../people/principal.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import type { Row } from '../../store/sql/session.js';
import type { Store } from '../../store/store.js';
import { principalOf } from '../audit-hook.js';
import type { ServerDeps } from '../deps.js';
import { jsonSchemaOf } from '../openapi.js';
import { pageQuery } from './api/query.js';
import { installApiErrorHandling, sendPage } from './api/reply.js';

const text = z.string().trim().min(1).max(256);
export const auditQuery = z.object({
  actor: text.optional(),
  action: text.optional(),
  result: z.enum(['ok', 'denied', 'error']).optional(),
  client: text.optional(),
  since: z.string().max(40).optional().describe('ISO date/time or epoch ms, inclusive'),
  until: z.string().max(40).optional().describe('ISO date/time or epoch ms, exclusive'),
  cursor: pageQuery.shape.cursor,
  limit: pageQuery.shape.limit,
  format: z.enum(['json', 'csv']).default('json'),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/** One audit row as the API shows it (flat: one CSV column per field). */
export interface AuditEntry {
  id: string;
  ts: number;
  actorId: string | null;
  action: string;
  resource: string | null;
  result: string;
  durationMs: number | null;
  client: string;
  detail: string | null;
  count: number;
}

/** GET /api/v1/audit: admins browse their team's audit log, everyone else their own rows. */
export async function registerAuditRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register(async (api) => {
    installApiErrorHandling(api);
    api.get('/audit', { schema: { summary: 'The audit log, newest first (admins: the whole team; others: their own rows)', tags: ['audit'], querystring: jsonSchemaOf(auditQuery) } }, async (request, reply) => {
      const query = auditQuery.parse(request.query);
      const me = principalOf(request);
      const page = await listAudit(deps.store, me, query, me.role === 'admin' ? undefined : me.userId);
      return sendPage(reply, query.format, 'audit', page);
    });
  }, { prefix: '/api/v1' });
}

/**
 * The caller's team's audit rows matching the filters, newest first, cursor on (ts, id).
 * `onlyActor`: restrict to one actor whatever the `actor` filter says; `actions`: restrict to these actions.
 */
export async function listAudit(store: Store, me: Principal, q: Omit<AuditQuery, 'format'>, onlyActor?: string, actions?: readonly string[]): Promise<Page<AuditEntry>> {
  const p = new SqlParams();
  const where = [`team_id = ${p.add(me.teamId)}`];
  if (onlyActor !== undefined) where.push(`actor_id = ${p.add(onlyActor)}`);
  if (q.actor !== undefined) where.push(`actor_id = ${p.add(q.actor)}`);
  if (actions) where.push(`action IN (${p.list(actions)})`);
  if (q.action !== undefined) where.push(`action = ${p.add(q.action)}`);
  if (q.result !== undefined) where.push(`result = ${p.add(q.result)}`);
  if (q.client !== undefined) where.push(`client = ${p.add(q.client)}`);
  if (q.since !== undefined) where.push(`ts >= ${p.add(parseInstant(q.since, 'since'))}`);
  if (q.until !== undefined) where.push(`ts < ${p.add(parseInstant(q.until, 'until'))}`);
  const after = afterCursorSql(p, store.dialect, q.cursor, 'ts', 'id', 'desc');
  if (after) where.push(after);
  const rows = await store.reads.all(
    `SELECT id, ts, actor_id, action, resource, result, duration_ms, client, detail, count FROM audit_log
     WHERE ${where.join(' AND ')} ORDER BY ${keysetOrderSql(store.dialect, 'ts', 'id', 'desc')} LIMIT ${q.limit + 1}`,
    p.values,
  );
  return toPage(rows, q.limit, (r: Row) => [toNumber(r.ts), String(r.id)], presentAudit);
}

function presentAudit(r: Row): AuditEntry {
  const textOrNull = (v: unknown) => (v == null ? null : String(v));
  return {
    id: String(r.id),
    ts: toNumber(r.ts),
    actorId: textOrNull(r.actor_id),
    action: String(r.action),
    resource: textOrNull(r.resource),
    result: String(r.result),
    durationMs: toNumberOrNull(r.duration_ms),
    client: String(r.client),
    detail: textOrNull(r.detail),
    count: toNumber(r.count),
  };
}
