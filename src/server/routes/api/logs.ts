import type { FastifyInstance } from 'fastify';
import { logsView } from '../../../analytics/views/logs.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { listQuery, pageRequest, viewFilters } from './query.js';
import { callerScope, sendPage } from './reply.js';

/** GET /logs: log lines with level filter, text search (q) and a cursor. */
export function registerLogRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'Logs, errors and leveled events (cursor-paginated)', tags: ['logs'], querystring: jsonSchemaOf(listQuery) };
  api.get('/logs', { schema }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const page = await logsView(deps.store, callerScope(request), viewFilters(query), pageRequest(query));
    return sendPage(reply, query.format, 'logs', page);
  });
}
