import type { FastifyInstance } from 'fastify';
import { eventPayload } from '../../../analytics/views/events.js';
import { recentEvents } from '../../../analytics/views/recent-events.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { idParams, listQuery, pageRequest, viewFilters } from './query.js';
import { callerScope, sendPage } from './reply.js';

/** GET /events: the newest events of every kind; GET /events/:id: one event and its original transcript line(s). */
export function registerEventRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const listSchema = { summary: 'Recent events of every kind, newest first (cursor-paginated)', tags: ['events'], querystring: jsonSchemaOf(listQuery) };
  api.get('/events', { schema: listSchema }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const page = await recentEvents(deps.store, callerScope(request), viewFilters(query), pageRequest(query));
    return sendPage(reply, query.format, 'events', page);
  });

  const schema = { summary: 'One event with its full payload', tags: ['events'], params: jsonSchemaOf(idParams) };
  api.get('/events/:id', { schema }, async (request) => {
    const { id } = idParams.parse(request.params);
    return eventPayload(deps.store, callerScope(request), id);
  });
}
