import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { bashCommands } from '../../../analytics/views/bash-commands.js';
import { SLOWEST_CALLS, toolsView } from '../../../analytics/views/tools.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { filterQuery, listQuery, pageRequest, viewFilters } from './query.js';
import { callerScope, sendPage, sendRows } from './reply.js';

const bashQuery = listQuery.extend({ status: z.enum(['ok', 'error']).optional() });
const toolsQuery = filterQuery.extend({
  slowest: z.coerce.number().int().min(0).max(100).default(SLOWEST_CALLS).describe(`how many of the slowest calls to list, 0–100 (default ${SLOWEST_CALLS}; 0 skips them)`),
});
const tags = ['tools'];

/** Tool statistics, and the Bash commands that ran. */
export function registerToolRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get('/tools', { schema: { summary: 'Tool frequency, success rate, duration percentiles, slowest calls, MCP servers', tags, querystring: jsonSchemaOf(toolsQuery) } }, async (request, reply) => {
    const { slowest, ...query } = toolsQuery.parse(request.query);
    const view = await toolsView(deps.store, callerScope(request), viewFilters(query), slowest);
    const rows = view.tools.map(({ durationMs, ...tool }) => ({ ...tool, meanMs: durationMs.mean, p50Ms: durationMs.p50, p95Ms: durationMs.p95, p99Ms: durationMs.p99 }));
    return sendRows(reply, query.format, 'tools', view, rows);
  });

  api.get('/tools/bash', { schema: { summary: 'Bash commands with exit codes, durations and output excerpts', tags, querystring: jsonSchemaOf(bashQuery) } }, async (request, reply) => {
    const query = bashQuery.parse(request.query);
    const page = await bashCommands(deps.store, callerScope(request), viewFilters(query), { ...pageRequest(query), status: query.status });
    return sendPage(reply, query.format, 'bash-commands', page);
  });
}
