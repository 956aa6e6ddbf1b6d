import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { COST_MODES } from '../../../analytics/reports/cost-mode.js';
import { TOKEN_INTERVALS, tokenBlocks, tokensView } from '../../../analytics/views/tokens.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { filterQuery, viewFilters } from './query.js';
import { callerScope, sendRows } from './reply.js';

const tokensQuery = filterQuery.extend({
  interval: z.enum(TOKEN_INTERVALS).default('day'),
  timezone: z.string().max(64).optional().describe('IANA zone days are counted in (default UTC)'),
  mode: z.enum(COST_MODES).default('auto').describe('cost mode of the period table, as `sightline report --mode`'),
});

const blocksQuery = filterQuery.extend({
  sessionLength: z.coerce.number().positive().max(24).default(5).describe('hours per block'),
  mode: z.enum(COST_MODES).default('auto'),
});

const tags = ['tokens'];

/** Tokens and cost (the same numbers as `sightline report`), and 5-hour blocks. */
export function registerTokenRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get('/tokens', { schema: { summary: 'Tokens and cost by period, model, project, user; cache hit ratio; top sessions', tags, querystring: jsonSchemaOf(tokensQuery) } }, async (request, reply) => {
    const query = tokensQuery.parse(request.query);
    const timezone = query.timezone ?? 'UTC';
    if (!isTimeZone(timezone)) return reply.code(400).send({ error: { code: 'bad_request', message: `unknown time zone '${timezone}'`, field: 'timezone' } });
    const view = await tokensView(deps.store, callerScope(request), viewFilters(query), { interval: query.interval, timezone, mode: query.mode });
    const rows = view.periods.map(({ modelBreakdowns: _m, metadata: _meta, agent: _a, period, ...row }) => ({ period, ...row }));
    return sendRows(reply, query.format, `tokens-${query.interval}`, view, rows);
  });

  api.get('/tokens/blocks', { schema: { summary: '5-hour blocks with burn rate and projection (as `sightline report blocks`)', tags, querystring: jsonSchemaOf(blocksQuery) } }, async (request, reply) => {
    const query = blocksQuery.parse(request.query);
    const view = await tokenBlocks(deps.store, callerScope(request), viewFilters(query), { sessionLengthHours: query.sessionLength, mode: query.mode });
    const rows = view.blocks.map(({ burnRate: _b, projection: _p, tokenCounts, ...block }) => ({ ...block, ...tokenCounts }));
    return sendRows(reply, query.format, 'token-blocks', view, rows);
  });
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
