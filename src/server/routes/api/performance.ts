import type { FastifyInstance } from 'fastify';
import { performanceView } from '../../../analytics/views/performance.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { filterQuery, viewFilters } from './query.js';
import { callerScope, sendRows } from './reply.js';

/** GET /performance: model latency and throughput, services ranked by p95 (CSV = the services). */
export function registerPerformanceRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'Model latency percentiles, throughput, slowest services flagged', tags: ['performance'], querystring: jsonSchemaOf(filterQuery) };
  api.get('/performance', { schema }, async (request, reply) => {
    const query = filterQuery.parse(request.query);
    const view = await performanceView(deps.store, callerScope(request), viewFilters(query));
    return sendRows(reply, query.format, 'performance', view, view.services as unknown as Array<Record<string, unknown>>);
  });
}
