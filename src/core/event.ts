import { z } from 'zod';

/**
 * The canonical event: the one contract between sources and everything downstream.
 * Every source (transcripts, hooks, OTLP, event API) produces these; the store, analytics,
 * live bus, API and UI only ever see these. See docs/events.md.
 */
export const EVENT_KINDS = [
  'session_start',
  'session_end',
  'prompt',
  'llm_call',
  'tool_call',
  'api_error',
  'compaction',
  'subagent',
  'log',
  'error',
  'memory',
  'job_run',
  'capability',
] as const;
export const eventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof eventKind>;

export const VISIBILITIES = ['private', 'team', 'public'] as const;
export const visibility = z.enum(VISIBILITIES);
export type Visibility = z.infer<typeof visibility>;

export const TOOL_STATUSES = ['ok', 'error', 'pending'] as const;
export const LEVELS = ['debug', 'info', 'warning', 'error'] as const;

/** Which cost a figure uses: computed from our price table, or the one the agent reported itself. */
export const COST_SOURCES = ['computed', 'reported', 'unpriced'] as const;

const count = z.number().int().nonnegative();

export const canonicalEvent = z
  .object({
    id: z.string().min(1).max(128),
    ts: z.number().int().nonnegative().describe('event time, epoch milliseconds UTC'),
    endTs: z.number().int().nonnegative().nullish().describe('completion time (tool calls)'),
    teamId: z.string().min(1),
    userId: z.string().min(1),
    visibility: visibility,
    agent: z.string().min(1).max(64),
    source: z.string().min(1).max(64).describe('transcript, hook, otlp, api …'),
    sessionId: z.string().min(1).max(256),
    project: z.string().max(512).nullish(),
    kind: eventKind,
    model: z.string().max(256).nullish(),
    inputTokens: count.nullish(),
    outputTokens: count.nullish(),
    cacheReadTokens: count.nullish(),
    cacheCreationTokens: count.nullish(),
    cacheCreation1hTokens: count.nullish().describe('the part of cacheCreationTokens written with a 1h TTL'),
    costUsd: z.number().nonnegative().nullish().describe('cost from the bundled price table'),
    reportedCostUsd: z.number().nonnegative().nullish().describe('costUSD the agent wrote itself'),
    speed: z.string().max(32).nullish(),
    toolName: z.string().max(256).nullish(),
    mcpServer: z.string().max(256).nullish(),
    durationMs: z.number().int().nonnegative().nullish(),
    status: z.enum(TOOL_STATUSES).nullish(),
    exitCode: z.number().int().nullish(),
    level: z.enum(LEVELS).nullish(),
    text: z.string().max(4000).nullish().describe('bounded excerpt; full payload fetched on demand'),
    parentId: z.string().max(256).nullish(),
    isSidechain: z.boolean().nullish(),
    sourcePath: z.string().max(4096).nullish().describe('file the event was read from (full payload lives there)'),
    sourceOffset: z.number().int().nonnegative().nullish().describe('byte offset of the line in sourcePath'),
    attrs: z.record(z.string(), z.unknown()).nullish(),
    requestId: z.string().max(256).nullish().describe("the provider's request id (Anthropic request-id): joins one model call across transcript, OTLP and API"),
  })
  .strict();

export type CanonicalEvent = z.infer<typeof canonicalEvent>;

/** Text kept on an event is bounded; the full payload stays at its source and is fetched on demand. */
export const MAX_EVENT_TEXT = 4000;

export function clipText(text: string | undefined | null, max = MAX_EVENT_TEXT): string | null {
  if (text == null) return null;
  // ASCII ellipsis: keeps one-byte strings one-byte, which JSON encoding and transfer do much faster
  return text.length <= max ? text : text.slice(0, max - 3) + '...';
}
