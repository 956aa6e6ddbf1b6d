import { z } from 'zod';
import { EVENT_KINDS, LEVELS } from '../../../core/event.js';
import type { ViewFilters } from '../../../analytics/views/filters.js';
import type { PageRequest } from '../../../analytics/views/pagination.js';
import { resolveTimeRange } from '../../../analytics/views/time-range.js';

/** Page sizes outside 1–1000 are refused, not clamped: a client asking for 10⁶ rows should hear so. */
export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 50;

const name = z.string().trim().min(1).max(512);

/** `a,b,c` where every item is one of `allowed`; stays one string in JSON Schema, becomes a list. */
function csvList(allowed: readonly string[], what: string) {
  return z
    .string()
    .max(500)
    .refine((value) => value.split(',').every((item) => allowed.includes(item.trim())), { message: `expected ${what}, comma-separated: ${allowed.join(', ')}` })
    .transform((value) => value.split(',').map((item) => item.trim()));
}

/** The filters every list and aggregate accepts. */
export const filterQuery = z.object({
  from: z.string().max(40).optional().describe('range start: ISO date/time or epoch ms (default: 7 days before `to`)'),
  to: z.string().max(40).optional().describe('range end, exclusive: ISO date/time or epoch ms (default: now); at most 400 days after `from`'),
  project: name.optional(),
  user: name.optional(),
  agent: name.optional(),
  model: name.optional(),
  session: name.optional(),
  kind: csvList(EVENT_KINDS, 'event kinds').optional().describe('event kinds, comma-separated'),
  level: csvList(LEVELS, 'levels').optional().describe('levels, comma-separated'),
  q: z.string().trim().min(1).max(200).optional().describe('case-insensitive text search'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: download the list as CSV'),
});

/** Cursor pagination of lists. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE).describe(`rows per page, 1–${MAX_PAGE}`),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
  order: z.enum(['asc', 'desc']).optional(),
});

export const listQuery = filterQuery.extend(pageQuery.shape);

export type FilterQuery = z.infer<typeof filterQuery>;
export type PageQuery = z.infer<typeof pageQuery>;

/** The parsed query as the analytics filters; the default range is the last 7 days. */
export function viewFilters(query: FilterQuery, now = Date.now()): ViewFilters {
  const { from, to, format: _format, ...rest } = query;
  return { ...rest, ...resolveTimeRange({ from, to }, now) };
}

/** Same, but the range applies only when the client gave one (a session's whole timeline by default). */
export function optionalRangeFilters(query: FilterQuery, now = Date.now()): Partial<ViewFilters> {
  if (query.from === undefined && query.to === undefined) {
    const { from: _from, to: _to, format: _format, ...rest } = query;
    return rest;
  }
  return viewFilters(query, now);
}

export function pageRequest(query: PageQuery): PageRequest {
  return { limit: query.limit, cursor: query.cursor, order: query.order };
}

export const idParams = z.object({ id: z.string().min(1).max(256) });
