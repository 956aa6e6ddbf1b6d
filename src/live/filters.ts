import { z } from 'zod';
import { EVENT_KINDS, LEVELS, type CanonicalEvent } from '../core/event.js';
import type { Scope } from '../core/scope.js';
import type { LiveChannel } from './types.js';

const oneOrMany = <T extends z.ZodType<string>>(item: T) => z.union([item, z.array(item).min(1).max(100)]);
const text = z.string().min(1).max(512);

/** What a subscription may narrow by. Each field is one value or a list (any of them matches). */
export const liveFilters = z
  .object({
    sessionId: oneOrMany(text).optional(),
    project: oneOrMany(text).optional(),
    kind: oneOrMany(z.enum(EVENT_KINDS)).optional(),
    level: oneOrMany(z.enum(LEVELS)).optional(),
    model: oneOrMany(text).optional(),
  })
  .strict();
export type LiveFilters = z.infer<typeof liveFilters>;

/** Filters that make sense per channel: sessions and alerts are not events, so kind and level do not apply. */
const ALLOWED: Record<LiveChannel, ReadonlyArray<keyof LiveFilters>> = {
  events: ['sessionId', 'project', 'kind', 'level', 'model'],
  metrics: ['sessionId', 'project', 'kind', 'level', 'model'],
  sessions: ['sessionId', 'project', 'model'],
  alerts: ['sessionId', 'project', 'model'],
  insights: [],
};

/** Filters as sets, ready to test rows against. */
export interface FilterSets {
  sessionId?: Set<string>;
  project?: Set<string>;
  kind?: Set<string>;
  level?: Set<string>;
  model?: Set<string>;
}

export type ParsedFilters = { ok: true; filters: FilterSets } | { ok: false; message: string };

/** Validate a subscription's filters for its channel. */
export function parseFilters(channel: LiveChannel, raw: unknown): ParsedFilters {
  const parsed = liveFilters.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `filters${issue?.path.length ? '.' + issue.path.join('.') : ''}: ${issue?.message ?? 'invalid'}` };
  }
  const sets: FilterSets = {};
  for (const [key, value] of Object.entries(parsed.data) as Array<[keyof LiveFilters, string | string[] | undefined]>) {
    if (value === undefined) continue;
    if (!ALLOWED[channel].includes(key)) return { ok: false, message: `filter "${key}" does not apply to the ${channel} channel` };
    sets[key] = new Set(Array.isArray(value) ? value : [value]);
  }
  return { ok: true, filters: sets };
}

/** Ownership fields every row carries. */
export interface Owned {
  teamId: string;
  userId: string;
  visibility: string;
}

/** The rule of store/sql/params.ts `scopeSql`, in JS: the caller's team, and own rows or shared ones unless allOfTeam. */
export function visibleTo(scope: Scope, row: Owned): boolean {
  if (row.teamId !== scope.teamId) return false;
  return scope.allOfTeam || row.userId === scope.userId || row.visibility === 'team' || row.visibility === 'public';
}

const hit = (set: Set<string> | undefined, value: string | null | undefined) => !set || (value != null && set.has(value));

export function eventMatches(filters: FilterSets, event: CanonicalEvent): boolean {
  return (
    hit(filters.sessionId, event.sessionId) &&
    hit(filters.project, event.project) &&
    hit(filters.kind, event.kind) &&
    hit(filters.level, event.level) &&
    hit(filters.model, event.model)
  );
}

/** Sessions and alerts: a model filter matches when the session used that model at all. */
export function sessionLikeMatches(filters: FilterSets, row: { sessionId: string; project: string | null; models: readonly string[] }): boolean {
  if (!hit(filters.sessionId, row.sessionId) || !hit(filters.project, row.project)) return false;
  return !filters.model || row.models.some((m) => filters.model!.has(m));
}
