import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { mySessions, mySync, myTokens } from '../../../analytics/views/my-stats.js';
import { principalOf } from '../../audit-hook.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { auditQuery, listAudit } from '../audit.js';
import { pageQuery, pageRequest } from './query.js';
import { sendPage, sendRows } from './reply.js';

const listQuery = pageQuery.pick({ limit: true, cursor: true }).extend({ format: z.enum(['json', 'csv']).default('json') });
const tokensQuery = z.object({ window: z.enum(['7', '30', '90']).default('7').describe('days, today included (UTC)') });
const queriesQuery = auditQuery.pick({ since: true, until: true, cursor: true, limit: true, format: true });

const tags = ['me'];

/** The caller's own numbers: sessions, tokens, queries they ran, agent syncs. Never anyone else's, whatever the role. */
export function registerMeStatsRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get('/me/stats/sessions', { schema: { summary: 'My sessions, newest activity first; transcripts still being read are marked processing', tags, querystring: jsonSchemaOf(listQuery) } }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    return sendPage(reply, query.format, 'my-sessions', await mySessions(deps.store, principalOf(request), pageRequest(query)));
  });

  api.get('/me/stats/tokens', { schema: { summary: 'My tokens and cost: daily by model, by model, top 10 sessions, lifetime totals', tags, querystring: jsonSchemaOf(tokensQuery) } }, async (request) => {
    const query = tokensQuery.parse(request.query);
    return myTokens(deps.store, principalOf(request), Number(query.window));
  });

  api.get('/me/stats/queries', { schema: { summary: 'The data queries and exports I made (from the audit log)', tags, querystring: jsonSchemaOf(queriesQuery) } }, async (request, reply) => {
    const query = queriesQuery.parse(request.query);
    const me = principalOf(request);
    return sendPage(reply, query.format, 'my-queries', await listAudit(deps.store, me, query, me.userId, ['query', 'export']));
  });

  api.get('/me/stats/sync', { schema: { summary: 'My agent pushes, newest first, and when the last one succeeded', tags, querystring: jsonSchemaOf(listQuery) } }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const sync = await mySync(deps.store, principalOf(request), pageRequest(query));
    return sendRows(reply, query.format, 'my-sync', sync, sync.items as unknown as Array<Record<string, unknown>>);
  });
}
