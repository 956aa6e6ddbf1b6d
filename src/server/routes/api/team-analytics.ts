import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { resolveTimeZone } from '../../../analytics/reports/local-time.js';
import { teamAnalytics } from '../../../analytics/views/team-analytics.js';
import { DAY_MS, MAX_RANGE_DAYS, parseInstant, type TimeRange } from '../../../analytics/views/time-range.js';
import type { ServerDeps } from '../../deps.js';
import { badRequest } from '../../errors.js';
import { jsonSchemaOf } from '../../openapi.js';
import { callerScope } from './reply.js';

const analyticsQuery = z.object({
  since: z.string().max(40).optional().describe('range start: ISO date/time or epoch ms (default: 30 days before `until`)'),
  until: z.string().max(40).optional().describe('range end, exclusive (default: now)'),
  tz: z.string().max(64).default('UTC').describe('IANA zone of the activity heatmap and of budget days and months'),
});

const DEFAULT_DAYS = 30;

/** GET /api/v1/team/analytics: sessions, tokens and cost per developer, activity heatmap, tags, budget use. */
export function registerTeamAnalyticsRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get('/team/analytics', { schema: { summary: 'Team analytics over the rows you can see', tags: ['team'], querystring: jsonSchemaOf(analyticsQuery) } }, async (request) => {
    const query = analyticsQuery.parse(request.query);
    const timezone = zoneOrBadRequest(query.tz);
    return teamAnalytics(deps.store, callerScope(request), rangeOf(query.since, query.until), timezone);
  });
}

function rangeOf(since: string | undefined, until: string | undefined): TimeRange {
  const to = until !== undefined ? parseInstant(until, 'until') : Date.now();
  const from = since !== undefined ? parseInstant(since, 'since') : to - DEFAULT_DAYS * DAY_MS;
  if (to < from) throw badRequest('until is before since', 'until');
  if (to - from > MAX_RANGE_DAYS * DAY_MS) throw badRequest(`the range may span at most ${MAX_RANGE_DAYS} days`, 'since');
  return { from, to };
}

function zoneOrBadRequest(zone: string): string {
  try {
    return resolveTimeZone(zone);
  } catch (error) {
    throw badRequest((error as Error).message, 'tz');
  }
}
