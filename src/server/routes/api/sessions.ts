import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sessionContext } from '../../../analytics/views/session-context.js';
import { sessionDetail } from '../../../analytics/views/session-detail.js';
import { sessionEvents } from '../../../analytics/views/session-events.js';
import { SESSION_SORTS, listSessions } from '../../../analytics/views/sessions.js';
import type { ServerDeps } from '../../deps.js';
import { markDemo } from '../../../demo/service.js';
import { jsonSchemaOf } from '../../openapi.js';
import { idParams, listQuery, optionalRangeFilters, pageRequest, viewFilters } from './query.js';
import { callerScope, sendPage } from './reply.js';

const sessionsQuery = listQuery.extend({
  sort: z.enum(SESSION_SORTS).default('lastActivity').describe('lastActivity, started, cost or tokens'),
  status: z.enum(['active', 'idle', 'ended']).optional(),
});

const tags = ['sessions'];

/** The sessions list, one session's header, its timeline and its context-window use. */
export function registerSessionRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get('/sessions', { schema: { summary: 'Sessions with activity in the range (cursor-paginated)', tags, querystring: jsonSchemaOf(sessionsQuery) } }, async (request, reply) => {
    const query = sessionsQuery.parse(request.query);
    const page = await listSessions(deps.store, callerScope(request), viewFilters(query), { ...pageRequest(query), sort: query.sort, status: query.status });
    // demo sessions (src/demo/) say so: `demo: true`
    return sendPage(reply, query.format, 'sessions', { ...page, items: await markDemo(deps.store, page.items) });
  });

  const params = jsonSchemaOf(idParams);
  api.get('/sessions/:id', { schema: { summary: 'One session: state, models, tokens, cost, health, subagents, model switches', tags, params } }, async (request) => {
    const { id } = idParams.parse(request.params);
    const detail = await sessionDetail(deps.store, callerScope(request), id);
    const [session] = await markDemo(deps.store, [detail.session]);
    return { ...detail, session };
  });

  api.get('/sessions/:id/events', { schema: { summary: "A session's timeline in conversation order", tags, params, querystring: jsonSchemaOf(listQuery) } }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const query = listQuery.parse(request.query);
    const page = await sessionEvents(deps.store, callerScope(request), id, optionalRangeFilters(query), pageRequest(query));
    return sendPage(reply, query.format, `session-${id.slice(0, 40)}-events`, page);
  });

  api.get('/sessions/:id/context', { schema: { summary: 'Context-window use over time, compactions marked', tags, params } }, async (request) => {
    const { id } = idParams.parse(request.params);
    return sessionContext(deps.store, callerScope(request), id);
  });
}
