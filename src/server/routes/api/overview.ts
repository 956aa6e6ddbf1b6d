import type { FastifyInstance } from 'fastify';
import { overview } from '../../../analytics/views/overview.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { filterQuery, viewFilters } from './query.js';
import { callerScope, sendRows } from './reply.js';

/** GET /overview: KPIs against the previous period and the charts; CSV = the time series. */
export function registerOverviewRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'KPIs with change against the previous period, and time series', tags: ['overview'], querystring: jsonSchemaOf(filterQuery) };
  api.get('/overview', { schema }, async (request, reply) => {
    const query = filterQuery.parse(request.query);
    const result = await overview(deps.store, callerScope(request), viewFilters(query));
    const rows = result.series.map(({ byModel, ...point }) => ({ ...point, byModel }));
    return sendRows(reply, query.format, 'overview', result, rows);
  });
}
