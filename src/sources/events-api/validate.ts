import { clipText, type CanonicalEvent } from '../../core/event.js';
import type { Scope } from '../../core/scope.js';
import { appKindProblem, type FieldProblem } from './app-kinds.js';
import { apiEventId } from './ids.js';
import { API_SOURCE, DEFAULT_AGENT, apiEventInput, type ApiEventInput } from './schema.js';
import { withComputedCost } from './cost.js';

/** One refused event: its position in the request, the field that is wrong, and why. */
export interface Rejection {
  index: number;
  field: string;
  message: string;
}

export interface ValidatedBatch {
  /** the valid events, stamped with their owner and ids, in request order */
  events: CanonicalEvent[];
  /** request index of each of `events` */
  indexes: number[];
  rejected: Rejection[];
}

/**
 * Validate each item of a request on its own (zod, relaxed canonical schema, then the app-kind
 * rules and the ownership rule) and complete the valid ones: id, owner, source, agent, cost.
 * @example validateEvents([{ ts: Date.now(), sessionId: 's', kind: 'log', text: 'hi' }], scope)
 */
export function validateEvents(items: readonly unknown[], scope: Scope, defaultVisibility: CanonicalEvent['visibility'] = 'private'): ValidatedBatch {
  const batch: ValidatedBatch = { events: [], indexes: [], rejected: [] };
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const parsed = apiEventInput.safeParse(item);
    const problem = parsed.success ? appKindProblem(parsed.data) ?? ownerProblem(parsed.data, scope) : zodProblem(item, parsed.error.issues);
    if (problem) batch.rejected.push({ index, ...problem });
    else {
      batch.events.push(complete(parsed.data!, scope, defaultVisibility));
      batch.indexes.push(index);
    }
  }
  return batch;
}

/** A client writes as its caller: never into another team, and as another user only as an admin. */
function ownerProblem(event: ApiEventInput, scope: Scope): FieldProblem | null {
  if (event.teamId !== undefined && event.teamId !== scope.teamId) return { field: 'teamId', message: `this token writes to team '${scope.teamId}' only` };
  if (event.userId !== undefined && event.userId !== scope.userId && scope.role !== 'admin') {
    return { field: 'userId', message: `this token writes as user '${scope.userId}' only` };
  }
  return null;
}

function zodProblem(item: unknown, issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string; keys?: string[] }>): FieldProblem {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { field: '', message: 'an event must be a JSON object' };
  const issue = issues[0];
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const field = [...issue.path.map(String), issue.keys[0]].join('.');
    return { field, message: `unknown field '${field}'${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).join(', ')})` : ''}` };
  }
  return { field: issue.path.map(String).join('.'), message: issue.message };
}

/** Fields the server sets itself; everything else the client sent is copied as is. */
const SERVER_FIELDS = new Set(['id', 'key', 'teamId', 'userId', 'visibility', 'source', 'agent', 'text']);

/**
 * The stored event: defaults filled, owner stamped, text clipped, id derived when absent. A plain
 * copy loop: rest/spread over these wide objects was the slowest step of a request.
 */
function complete(input: ApiEventInput, scope: Scope, defaultVisibility: CanonicalEvent['visibility']): CanonicalEvent {
  const event: Record<string, unknown> = {
    id: input.id,
    ts: input.ts,
    teamId: scope.teamId,
    userId: input.userId ?? scope.userId,
    visibility: input.visibility ?? defaultVisibility,
    agent: input.agent ?? DEFAULT_AGENT,
    source: API_SOURCE,
    sessionId: input.sessionId,
    kind: input.kind,
  };
  for (const field in input) {
    if (!SERVER_FIELDS.has(field)) event[field] = input[field as keyof ApiEventInput];
  }
  if (input.text != null) event.text = clipText(input.text);
  else if (input.text === null) event.text = null;
  if (input.id === undefined) event.id = apiEventId(scope.teamId, input.key === undefined ? contentOf(event) : { agent: event.agent as string, key: input.key });
  return withComputedCost(event as CanonicalEvent);
}

/** What a content-derived id hashes: the event as sent, with defaults and clipping applied, without owner and source. */
function contentOf(event: Record<string, unknown>): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const field in event) {
    if (field !== 'id' && field !== 'teamId' && field !== 'userId' && field !== 'visibility' && field !== 'source') content[field] = event[field];
  }
  return content;
}
