import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireRole } from '../../people/authorize.js';
import type { Principal } from '../../people/principal.js';
import * as repo from '../../people/repo/insights.js';
import { principalOf } from '../audit-hook.js';
import { recordAudit } from '../../people/audit.js';
import type { SqlSession } from '../../store/sql/session.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { jsonSchemaOf } from '../openapi.js';
import { idParams } from './api/query.js';
import { installApiErrorHandling } from './api/reply.js';

// tags are normalized words, so a tag filter and the tag cloud never split "Caching" from "caching"
const tag = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, 'a tag is 1–40 letters, digits, dots, dashes or underscores');
const insightBody = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().max(20_000).default(''),
  tags: z.array(tag).max(10).default([]).transform((tags) => [...new Set(tags)]),
  sessionId: z.string().min(1).max(256).nullish(),
}).strict();
const feedQuery = z.object({
  tag: tag.optional(),
  author: z.string().min(1).max(256).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const commentBody = z.object({ body: z.string().trim().min(1).max(5000) }).strict();
const commentsQuery = feedQuery.pick({ cursor: true, limit: true });
const tagsQuery = z.object({ since: z.coerce.number().int().nonnegative().optional(), until: z.coerce.number().int().nonnegative().optional() });

const tags = ['insights'];
const params = jsonSchemaOf(idParams);

/** The team's insights feed: post, edit, vote, comment; new ones are pushed on the live `insights` channel. */
export async function registerInsightRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register(async (api) => {
    installApiErrorHandling(api);
    registerFeed(api, deps);
    registerOne(api, deps);
    registerVotesAndComments(api, deps);
  }, { prefix: '/api/v1/insights' });
}

function registerFeed(api: FastifyInstance, deps: ServerDeps): void {
  api.get('', { schema: { summary: "The team's insights, newest first, with votes and comment counts", tags, querystring: jsonSchemaOf(feedQuery) } }, async (request) => {
    const query = feedQuery.parse(request.query);
    const me = principalOf(request);
    return repo.listInsights(deps.store.reads, deps.store.dialect, { ...query, teamId: me.teamId, viewerId: me.userId });
  });

  api.get('/tags', { schema: { summary: 'Tag cloud: each tag with how many insights carry it', tags, querystring: jsonSchemaOf(tagsQuery) } }, async (request) => {
    const range = tagsQuery.parse(request.query);
    return { tags: await repo.tagCloud(deps.store.reads, principalOf(request).teamId, range) };
  });

  api.post('', { schema: { summary: 'Post an insight (admins and members)', tags, body: jsonSchemaOf(insightBody) } }, async (request, reply) => {
    const me = principalOf(request);
    requireRole(me, 'admin', 'member');
    const input = insightBody.parse(request.body);
    await requireVisibleSession(deps, me, input.sessionId ?? null);
    const created = await deps.store.transaction((db) => repo.createInsight(db, { ...input, sessionId: input.sessionId ?? null, teamId: me.teamId, authorId: me.userId }));
    await deps.bus?.publishNotice?.({ channel: 'insights', teamId: me.teamId, data: { id: created.id, authorId: created.authorId, title: created.title, tags: created.tags, sessionId: created.sessionId, createdAt: created.createdAt } });
    return reply.code(201).send(await repo.getInsight(deps.store.reads, me.teamId, created.id, me.userId));
  });
}

function registerOne(api: FastifyInstance, deps: ServerDeps): void {
  api.get('/:id', { schema: { summary: 'One insight', tags, params } }, async (request) => {
    const me = principalOf(request);
    return findInsight(deps, me, idParams.parse(request.params).id);
  });

  api.put('/:id', { schema: { summary: 'Edit an insight (its author or an admin)', tags, params, body: jsonSchemaOf(insightBody) } }, async (request) => {
    const me = principalOf(request);
    const insight = await findInsight(deps, me, idParams.parse(request.params).id);
    requireAuthorOrAdmin(me, insight);
    const input = insightBody.parse(request.body);
    await requireVisibleSession(deps, me, input.sessionId ?? null);
    await deps.store.transaction(async (db) => {
      await repo.updateInsight(db, me.teamId, insight.id, { ...input, sessionId: input.sessionId ?? null });
      await auditInsight(db, me, 'insight.update', insight);
    });
    return findInsight(deps, me, insight.id);
  });

  api.delete('/:id', { schema: { summary: 'Delete an insight with its votes and comments (its author or an admin)', tags, params } }, async (request, reply) => {
    const me = principalOf(request);
    const insight = await findInsight(deps, me, idParams.parse(request.params).id);
    requireAuthorOrAdmin(me, insight);
    await deps.store.transaction(async (db) => {
      await repo.deleteInsight(db, me.teamId, insight.id);
      await auditInsight(db, me, 'insight.delete', insight);
    });
    return reply.code(204).send();
  });
}

/** Edits and deletes are audited (an admin may change a colleague's insight); posts, votes and comments are the feed itself. */
function auditInsight(db: SqlSession, me: Principal, action: string, insight: { id: string; authorId: string }): Promise<void> {
  return recordAudit(db, { teamId: me.teamId, actorId: me.userId, action, resource: `insight:${insight.id}`, result: 'ok', client: me.client, detail: { author: insight.authorId } });
}

function registerVotesAndComments(api: FastifyInstance, deps: ServerDeps): void {
  api.put('/:id/vote', { schema: { summary: 'Vote for an insight (idempotent)', tags, params } }, async (request) => {
    const me = principalOf(request);
    requireRole(me, 'admin', 'member');
    const insight = await findInsight(deps, me, idParams.parse(request.params).id);
    await deps.store.transaction((db) => repo.addVote(db, insight.id, me.userId));
    return findInsight(deps, me, insight.id);
  });

  api.delete('/:id/vote', { schema: { summary: 'Take a vote back', tags, params } }, async (request) => {
    const me = principalOf(request);
    requireRole(me, 'admin', 'member');
    const insight = await findInsight(deps, me, idParams.parse(request.params).id);
    await deps.store.transaction((db) => repo.removeVote(db, insight.id, me.userId));
    return findInsight(deps, me, insight.id);
  });

  api.get('/:id/comments', { schema: { summary: "An insight's comments, oldest first", tags, params, querystring: jsonSchemaOf(commentsQuery) } }, async (request) => {
    const me = principalOf(request);
    const insight = await findInsight(deps, me, idParams.parse(request.params).id);
    const query = commentsQuery.parse(request.query);
    return repo.listComments(deps.store.reads, deps.store.dialect, insight.id, query.cursor, query.limit);
  });

  api.post('/:id/comments', { schema: { summary: 'Comment on an insight (admins and members)', tags, params, body: jsonSchemaOf(commentBody) } }, async (request, reply) => {
    const me = principalOf(request);
    requireRole(me, 'admin', 'member');
    const insight = await findInsight(deps, me, idParams.parse(request.params).id);
    const { body } = commentBody.parse(request.body);
    return reply.code(201).send(await deps.store.transaction((db) => repo.addComment(db, insight.id, me.userId, body)));
  });
}

async function findInsight(deps: ServerDeps, me: Principal, id: string): Promise<repo.InsightItem> {
  const insight = await repo.getInsight(deps.store.reads, me.teamId, id, me.userId);
  if (!insight) throw notFound(`no insight ${id} in your team`);
  return insight;
}

function requireAuthorOrAdmin(me: Principal, insight: repo.Insight): void {
  if (me.role === 'admin') return;
  requireRole(me, 'member');
  if (insight.authorId !== me.userId) throw new ApiError('forbidden', 'only the author or an admin can change this insight');
}

/** An insight may link only a session its author can see: no pointers to others' private sessions. */
async function requireVisibleSession(deps: ServerDeps, me: Principal, sessionId: string | null): Promise<void> {
  if (sessionId === null) return;
  if (!(await deps.store.getSession(me.scope, sessionId))) throw badRequest(`no session ${sessionId} you can see`, 'sessionId');
}
