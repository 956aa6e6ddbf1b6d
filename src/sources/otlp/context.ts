import type { CanonicalEvent, EventKind } from '../../core/event.js';
import { attributes, str, type Attributes } from './values.js';
import type { OtlpResource } from './types.js';

/** Who the events belong to: the caller's scope in local mode (localOwner). */
export interface OtlpOwner {
  teamId: string;
  userId: string;
  visibility: 'private' | 'team' | 'public';
}

/** What every record of one resource shares. */
export interface ResourceContext {
  owner: OtlpOwner;
  resource: Attributes;
  /** `claude-code` for Claude Code (terminal or desktop), else the service name */
  agent: string;
  isClaudeCode: boolean;
  /** receipt time: for records that carry no time of their own */
  receivedAt: number;
}

export function resourceContext(resource: OtlpResource | null | undefined, owner: OtlpOwner, receivedAt: number): ResourceContext {
  const attrs = attributes(resource?.attributes);
  const service = str(attrs, 'service.name') ?? 'unknown_service';
  const isClaudeCode = service === 'claude-code' || service.startsWith('claude-code-');
  return { owner, resource: attrs, agent: (isClaudeCode ? 'claude-code' : service).slice(0, 64), isClaudeCode, receivedAt };
}

/**
 * The session of a record: Claude Code's `session.id` (= transcript file stem = hook session_id),
 * else the GenAI conversation id, else the trace, else one session per service and UTC day.
 */
export function sessionOf(ctx: ResourceContext, attrs: Attributes, ts: number, traceId?: string | null): string {
  const id = str(attrs, 'session.id') ?? str(ctx.resource, 'session.id') ?? str(attrs, 'gen_ai.conversation.id');
  if (id) return id.slice(0, 256);
  if (traceId) return `trace:${traceId}`;
  return `${ctx.agent}:${new Date(ts).toISOString().slice(0, 10)}`;
}

/**
 * Claude Code's project key is the encoded cwd (every char outside [A-Za-z0-9] → '-', formats.md §1.2);
 * OTel events carry the workspace paths, whose first is the cwd.
 */
export function projectOf(attrs: Attributes): string | null {
  const paths = attrs['workspace.host_paths'];
  const first = Array.isArray(paths) ? paths[0] : typeof paths === 'string' ? paths.split(',')[0] : null;
  return typeof first === 'string' && first ? first.replace(/[^A-Za-z0-9]/g, '-').slice(0, 512) : null;
}

/** The columns every OTLP event shares. */
export function baseEvent(ctx: ResourceContext, id: string, kind: EventKind, ts: number, sessionId: string, project: string | null): CanonicalEvent {
  return {
    id,
    ts,
    teamId: ctx.owner.teamId,
    userId: ctx.owner.userId,
    visibility: ctx.owner.visibility,
    agent: ctx.agent,
    source: 'otlp',
    sessionId,
    project,
    kind,
  };
}

const ATTR_TEXT_MAX = 1000;

/**
 * Attributes kept on an event: everything not already in a column, long strings clipped (content
 * attributes can be 60 KB; the excerpt is enough and the row stays small).
 */
export function keptAttrs(attrs: Attributes, mapped: ReadonlySet<string>): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  for (const key in attrs) {
    if (mapped.has(key)) continue;
    const value = attrs[key];
    if (value === null || value === undefined) continue;
    (out ??= {})[key] = typeof value === 'string' && value.length > ATTR_TEXT_MAX ? value.slice(0, ATTR_TEXT_MAX - 3) + '...' : value;
  }
  return out;
}
