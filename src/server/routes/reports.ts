import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { buildReport, REPORT_KINDS, type ReportKind, type ReportOptions } from '../../analytics/reports/index.js';
import type { ServerDeps } from '../deps.js';
import { badRequest } from '../errors.js';
import { jsonSchemaOf } from '../openapi.js';

const DATE = /^\d{4}-?\d{2}-?\d{2}$/;

const ReportParams = z.object({ kind: z.enum(REPORT_KINDS as [ReportKind, ...ReportKind[]]) });

/** The flags of `sightline report`, as query parameters (same names, camelCase). */
export const ReportQuery = z.object({
  since: z.string().regex(DATE).optional().describe('first local day, YYYYMMDD or YYYY-MM-DD'),
  until: z.string().regex(DATE).optional().describe('last local day, inclusive'),
  timezone: z.string().max(64).optional().describe('IANA zone for day/week/month boundaries (default: the server\'s)'),
  project: z.string().max(512).optional().describe('encoded project directory name'),
  order: z.enum(['asc', 'desc']).optional(),
  mode: z.enum(['auto', 'calculate', 'display']).optional(),
  breakdown: z.boolean().optional(),
  sessionLength: z.number().gt(0).max(24 * 31).optional().describe('blocks: hours per block'),
  active: z.boolean().optional().describe('blocks: only the active block'),
  recent: z.boolean().optional().describe('blocks: the last 3 days'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * `GET /api/v1/reports/:kind`: exactly the JSON `sightline report <kind> --json` prints
 * (ccusage-compatible), so the CLI can ask a running server instead of opening the store.
 */
export function registerReportRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get<{ Params: z.infer<typeof ReportParams>; Querystring: ReportQuery }>('/api/v1/reports/:kind', {
    schema: {
      summary: 'ccusage-compatible usage report (daily, weekly, monthly, session, blocks)',
      tags: ['reports'],
      params: jsonSchemaOf(ReportParams),
      querystring: jsonSchemaOf(ReportQuery),
    },
  }, async (request) => {
    const options: ReportOptions = { ...request.query };
    try {
      return await buildReport(deps.store, request.scope, request.params.kind, options);
    } catch (error) {
      if (error instanceof RangeError) throw badRequest(error.message, fieldOfRangeError(error.message));
      throw error;
    }
  });
}

/** resolveOptions names the CLI flag (`--since`); the API's parameter has the same name, camelCased. */
function fieldOfRangeError(message: string): string | undefined {
  if (/time zone/.test(message)) return 'timezone';
  const flag = /--([a-z-]+)/.exec(message)?.[1];
  return flag?.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}
