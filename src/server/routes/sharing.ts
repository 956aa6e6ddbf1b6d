import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sessionContext } from '../../analytics/views/session-context.js';
import { sessionDetail } from '../../analytics/views/session-detail.js';
import { sessionEvents } from '../../analytics/views/session-events.js';
import type { Scope } from '../../core/scope.js';
import { recordAudit } from '../../people/audit.js';
import { requireSessionEdit } from '../../people/authorize.js';
import type { Principal } from '../../people/principal.js';
import { newSecretToken, sha256Hex } from '../../people/repo/ids.js';
import { VISIBILITIES } from '../../people/settings.js';
import { SqlParams, scopeSql } from '../../store/sql/params.js';
import type { SqlSession } from '../../store/sql/session.js';
import { setSessionVisibility } from '../../store/sql/set-visibility.js';
import type { Store } from '../../store/store.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { idParams, listQuery, optionalRangeFilters, pageRequest } from './api/query.js';
import { installApiErrorHandling, sendPage } from './api/reply.js';
import { callerPrincipal } from './ingest-owner.js';

/**
 * The read-only share routes: no credential, the token in the URL is the credential. The team auth
 * hook lets exactly these through (and the isolation test checks the list stays this short).
 */
export const PUBLIC_SHARE_ROUTES: readonly string[] = ['/api/v1/public/:token', '/api/v1/public/:token/events', '/api/v1/public/:token/context'];

const visibilityBody = z.strictObject({ visibility: z.enum(VISIBILITIES) });
const tokenParams = z.object({ token: z.string().min(20).max(200) });
const tags = ['sharing'];

/**
 * Sharing (docs/people.md "Sharing"): a session's visibility, its public link, and the public link's
 * data — the same views as the private session routes, over a scope that sees that one session.
 */
export async function registerSharingRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register(async (api) => {
    installApiErrorHandling(api);
    registerOwnerRoutes(api, deps);
    registerPublicRoutes(api, deps.store);
  });
}

function registerOwnerRoutes(api: FastifyInstance, { store }: ServerDeps): void {
  api.put('/api/v1/sessions/:id/visibility', { schema: { summary: 'Share a session with the team, publicly, or make it private (owner or admin)', tags } }, async (request) => {
    const { id, principal, owner } = await editableSession(request, store);
    const { visibility } = visibilityBody.parse(request.body);
    const revokedLinks = await store.transaction(async (db) => {
      await setSessionVisibility(db, store.dialect, principal.teamId, id, visibility);
      // a public link lives only as long as the session is public
      const revoked = visibility === 'public' ? 0 : await revokeLinks(db, principal.teamId, id);
      await audit(db, principal, 'session.share', id, { visibility, owner, revokedLinks: revoked });
      return revoked;
    });
    return { sessionId: id, visibility, revokedLinks };
  });

  api.post('/api/v1/sessions/:id/public-link', { schema: { summary: 'Create a read-only public link to a session (owner or admin)', tags } }, async (request, reply) => {
    const { id, principal, visibility } = await editableSession(request, store);
    if (visibility !== 'public') throw new ApiError('conflict', `session '${id}' is ${visibility}: make it public first (PUT /api/v1/sessions/${id}/visibility {"visibility":"public"})`);
    const token = newSecretToken();
    await store.transaction(async (db) => {
      await db.run('INSERT INTO public_links (token_hash, team_id, session_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5)', [sha256Hex(token), principal.teamId, id, principal.userId, Date.now()]);
      await audit(db, principal, 'session.public_link.create', id);
    });
    return reply.code(201).send({ url: `/p/${token}` });
  });

  api.delete('/api/v1/sessions/:id/public-link', { schema: { summary: "Revoke a session's public links at once (owner or admin)", tags } }, async (request) => {
    const { id, principal } = await editableSession(request, store);
    const revoked = await store.transaction(async (db) => {
      const count = await revokeLinks(db, principal.teamId, id);
      await audit(db, principal, 'session.public_link.revoke', id, { links: count });
      return count;
    });
    return { sessionId: id, revoked };
  });
}

function registerPublicRoutes(api: FastifyInstance, store: Store): void {
  const [detailUrl, eventsUrl, contextUrl] = PUBLIC_SHARE_ROUTES;
  api.get(detailUrl, { schema: { summary: 'A publicly shared session (no credential: the token is one)', tags } }, async (request) => {
    const link = await publicSession(request, store);
    const detail = await sessionDetail(store, link.scope, link.sessionId);
    // who owns it and which team it is in are not the public's business
    const { userId: _user, teamId: _team, ...session } = detail.session as typeof detail.session & { userId?: string; teamId?: string };
    return { ...detail, session };
  });

  api.get(eventsUrl, { schema: { summary: "A publicly shared session's timeline (cursor-paginated)", tags } }, async (request, reply) => {
    const link = await publicSession(request, store);
    const query = listQuery.parse(request.query);
    const page = await sessionEvents(store, link.scope, link.sessionId, optionalRangeFilters(query), pageRequest(query));
    return sendPage(reply, query.format, 'shared-session-events', page);
  });

  api.get(contextUrl, { schema: { summary: "A publicly shared session's context-window use", tags } }, async (request) => {
    const link = await publicSession(request, store);
    return sessionContext(store, link.scope, link.sessionId);
  });
}

/**
 * The session of `:id` as the caller sees it, and that they may change it. Another user's private
 * session is "not found", admins included: its existence is not theirs to learn.
 */
async function editableSession(request: FastifyRequest, store: Store): Promise<{ id: string; principal: Principal; owner: string; visibility: string }> {
  const principal = callerPrincipal(request);
  const { id } = idParams.parse(request.params);
  const params = new SqlParams();
  const [row] = await store.reads.all(`SELECT user_id, visibility FROM sessions WHERE ${scopeSql(params, principal.scope)} AND session_id = ${params.add(id)}`, params.values);
  if (!row) throw notFound(`no session '${id}'`);
  const owner = String(row.user_id);
  requireSessionEdit(principal, owner);
  return { id, principal, owner, visibility: String(row.visibility) };
}

function revokeLinks(db: SqlSession, teamId: string, sessionId: string): Promise<number> {
  return db.run('UPDATE public_links SET revoked_at = $1 WHERE team_id = $2 AND session_id = $3 AND revoked_at IS NULL', [Date.now(), teamId, sessionId]);
}

/**
 * A live link's session and the scope its readers get: the session's own team and owner, so the
 * views find it whatever its visibility; the session id is fixed by the link, never by the reader.
 */
async function publicSession(request: FastifyRequest, store: Store): Promise<{ sessionId: string; scope: Scope }> {
  const parsed = tokenParams.safeParse(request.params);
  if (!parsed.success) throw notFound('no such link');
  const [row] = await store.reads.all(
    `SELECT l.session_id, s.team_id, s.user_id FROM public_links l JOIN sessions s ON s.team_id = l.team_id AND s.session_id = l.session_id
      WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND s.visibility = 'public'`,
    [sha256Hex(parsed.data.token)],
  );
  if (!row) throw notFound('no such link, or it was revoked');
  return { sessionId: String(row.session_id), scope: { teamId: String(row.team_id), userId: String(row.user_id), role: 'viewer', allOfTeam: false } };
}

function audit(db: SqlSession, principal: Principal, action: string, sessionId: string, detail?: unknown): Promise<void> {
  return recordAudit(db, { teamId: principal.teamId, actorId: principal.userId, action, resource: `session:${sessionId}`, result: 'ok', client: principal.client, detail });
}
