import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localScope, type Scope } from '../core/scope.js';
import type { Principal } from '../people/principal.js';
import { recordAudit } from '../people/audit.js';
import type { ClientKind } from '../people/principal.js';
import { SqlParams } from '../store/sql/params.js';
import type { Store } from '../store/store.js';

/**
 * The caller: `request.principal` once the auth hook set it; in an app without it (local token
 * mode before team auth, bare test apps) the local admin derived from the read scope.
 */
export function principalOf(request: FastifyRequest): Principal {
  const set = (request as { principal?: Principal | null }).principal;
  if (set) return set;
  const scope = (request as { scope?: Scope | null }).scope ?? localScope;
  return { userId: scope.userId, teamId: scope.teamId, role: scope.role, via: 'local-token', client: 'web', scope };
}

interface AuditRow {
  ts: number;
  teamId: string;
  actorId: string;
  action: string;
  resource: string;
  result: 'ok' | 'denied' | 'error';
  durationMs: number;
  client: ClientKind;
  detail: Record<string, unknown>;
  /** a session route: becomes 'read.other' when that session is another user's */
  sessionId?: string;
}

const FLUSH_MS = 1000;
const FLUSH_ROWS = 100;
const SKIPPED = new Set(['/api/v1/live']);

/**
 * Data-access audit (docs/people.md): every read of the /api/v1 API is a 'query' row, a list asked for
 * with `format=` an 'export', a session route on another user's session a 'read.other'. Rows are
 * written after the reply, batched (every second, every 100 rows, and on close), so reads pay nothing.
 */
export function installAuditHook(app: FastifyInstance, store: Store): void {
  const writer = new AuditWriter(store, (error) => app.log.warn({ err: error }, 'audit write failed'));
  app.addHook('onResponse', async (request, reply) => {
    const row = auditRowOf(request, reply);
    if (row) writer.add(row);
  });
  app.addHook('onClose', async () => writer.close());
}

function auditRowOf(request: FastifyRequest, reply: FastifyReply): AuditRow | null {
  const route = request.routeOptions.url;
  if (request.method !== 'GET' || !route?.startsWith('/api/v1/') || SKIPPED.has(route)) return null;
  if (!(request as { scope?: Scope | null }).scope) return null; // refused before auth: nobody to record
  const principal = principalOf(request);
  const format = (request.query as Record<string, unknown> | undefined)?.format;
  const status = reply.statusCode;
  const sessionId = route.startsWith('/api/v1/sessions/:id') ? (request.params as { id?: string }).id : undefined;
  return {
    ts: Date.now(),
    teamId: principal.teamId,
    actorId: principal.userId,
    action: typeof format === 'string' ? 'export' : 'query',
    resource: route,
    result: status < 400 ? 'ok' : status === 401 || status === 403 ? 'denied' : 'error',
    durationMs: Math.round(reply.elapsedTime),
    client: principal.client,
    detail: typeof format === 'string' ? { status, format } : { status },
    sessionId,
  };
}

/** Buffers audit rows and writes each batch in one transaction. */
class AuditWriter {
  private rows: AuditRow[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly store: Store, private readonly onError: (error: unknown) => void) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  add(row: AuditRow): void {
    this.rows.push(row);
    if (this.rows.length >= FLUSH_ROWS) void this.flush();
  }

  /** One flush at a time, in order; a failed batch is reported and dropped (the audit must not stop reads). */
  flush(): Promise<void> {
    if (!this.rows.length) return this.flushing;
    const batch = this.rows;
    this.rows = [];
    this.flushing = this.flushing.then(() => this.write(batch)).catch(this.onError);
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async write(batch: AuditRow[]): Promise<void> {
    await markReadsOfOthers(this.store, batch);
    // one transaction per batch: one commit (one fsync) for up to a second of requests
    await this.store.transaction(async (db) => {
      for (const { ts, sessionId: _s, ...entry } of batch) await recordAudit(db, entry, ts);
    });
  }
}

/** Session routes on a session owned by someone else become 'read.other' (one lookup per batch). */
async function markReadsOfOthers(store: Store, batch: AuditRow[]): Promise<void> {
  const asked = batch.filter((r) => r.sessionId !== undefined && r.result === 'ok');
  if (!asked.length) return;
  const p = new SqlParams();
  const keys = asked.map((r) => `(team_id = ${p.add(r.teamId)} AND session_id = ${p.add(r.sessionId)})`);
  const rows = await store.reads.all(`SELECT team_id, session_id, user_id FROM sessions WHERE ${keys.join(' OR ')}`, p.values);
  const owners = new Map(rows.map((r) => [`${r.team_id}/${r.session_id}`, String(r.user_id)]));
  for (const row of asked) {
    const owner = owners.get(`${row.teamId}/${row.sessionId}`);
    if (owner !== undefined && owner !== row.actorId) {
      row.action = 'read.other';
      row.detail = { ...row.detail, session: row.sessionId, owner };
    }
  }
}
