import type { FastifyInstance } from 'fastify';
import { logLevels } from '../../../analytics/views/log-levels.js';
import { overview } from '../../../analytics/views/overview.js';
import { sourceStates } from '../../../analytics/views/sources.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { filterQuery, viewFilters } from './query.js';
import { callerScope, sendRows } from './reply.js';

/**
 * GET /overview: KPIs against the previous period and the charts; CSV = the time series.
 * GET /logs/levels and /sources: the overview's log-level distribution and ingest-source strip.
 */
export function registerOverviewRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'KPIs with change against the previous period, and time series', tags: ['overview'], querystring: jsonSchemaOf(filterQuery) };
  api.get('/overview', { schema }, async (request, reply) => {
    const query = filterQuery.parse(request.query);
    const result = await overview(deps.store, callerScope(request), viewFilters(query));
    const rows = result.series.map(({ byModel, ...point }) => ({ ...point, byModel }));
    return sendRows(reply, query.format, 'overview', result, rows);
  });
  api.get('/logs/levels', { schema: { summary: 'Log lines per level (debug, info, warning, error) in the range', tags: ['logs'], querystring: jsonSchemaOf(filterQuery) } }, async (request, reply) => {
    const query = filterQuery.parse(request.query);
    const result = await logLevels(deps.store, callerScope(request), viewFilters(query));
    return sendRows(reply, query.format, 'log-levels', result, result.levels as unknown as Array<Record<string, unknown>>);
  });
  api.get('/sources', { schema: { summary: 'Per ingest source (transcript, hook, otlp, api …): events in the range, newest event, state', tags: ['system'], querystring: jsonSchemaOf(filterQuery) } }, async (request, reply) => {
    const query = filterQuery.parse(request.query);
    const result = await sourceStates(deps.store, callerScope(request), viewFilters(query));
    return sendRows(reply, query.format, 'sources', result, result.sources as unknown as Array<Record<string, unknown>>);
  });
}
