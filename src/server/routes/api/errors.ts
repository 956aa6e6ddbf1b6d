import type { FastifyInstance } from 'fastify';
import { errorsView } from '../../../analytics/views/errors-view.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { listQuery, pageRequest, viewFilters } from './query.js';
import { callerScope, sendRows } from './reply.js';

/** GET /errors: by tool and type over time, recurring messages, recent errors (paginated; CSV = the recent list). */
export function registerErrorRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'Errors by tool and type over time, recurring messages, recent errors', tags: ['errors'], querystring: jsonSchemaOf(listQuery) };
  api.get('/errors', { schema }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const view = await errorsView(deps.store, callerScope(request), viewFilters(query), pageRequest(query));
    return sendRows(reply, query.format, 'errors', view, view.recent.items as unknown as Array<Record<string, unknown>>);
  });
}
