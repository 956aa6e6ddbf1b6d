import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorsView, recurringErrorsView } from '../../../analytics/views/errors-view.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { filterQuery, listQuery, pageRequest, viewFilters } from './query.js';
import { callerScope, sendRows } from './reply.js';

const recurringQuery = filterQuery.extend({ limit: z.coerce.number().int().min(1).max(50).default(50).describe('message groups, 1–50, most frequent first') });

/** GET /errors: by tool and type over time, recurring messages, recent errors (paginated; CSV = the recent list); GET /errors/recurring: the groups alone. */
export function registerErrorRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'Errors by tool and type over time, recurring messages, recent errors', tags: ['errors'], querystring: jsonSchemaOf(listQuery) };
  api.get('/errors', { schema }, async (request, reply) => {
    const query = listQuery.parse(request.query);
    const view = await errorsView(deps.store, callerScope(request), viewFilters(query), pageRequest(query));
    return sendRows(reply, query.format, 'errors', view, view.recent.items as unknown as Array<Record<string, unknown>>);
  });

  const recurringSchema = { summary: 'Recurring error messages only, grouped, most frequent first', tags: ['errors'], querystring: jsonSchemaOf(recurringQuery) };
  api.get('/errors/recurring', { schema: recurringSchema }, async (request, reply) => {
    const { limit, ...query } = recurringQuery.parse(request.query);
    const view = await recurringErrorsView(deps.store, callerScope(request), viewFilters(query), limit);
    return sendRows(reply, query.format, 'recurring-errors', view, view.recurring as unknown as Array<Record<string, unknown>>);
  });
}
