import type { CanonicalEvent } from '../../core/event.js';
import { eventId } from '../../core/ids.js';
import { costUsd, defaultPriceTable } from '../../core/pricing/index.js';
import { baseEvent, keptAttrs, type ResourceContext } from './context.js';
import { excerpt, type LogRecordView } from './record.js';
import { bool, int, num, str, type Attributes } from './values.js';

/**
 * Claude Code's OTel events (formats.md §3.4) → canonical events, with the cross-source ids that
 * let transcript and hook copies of the same thing merge: tool calls on tool_use_id, prompts on
 * prompt.id. Model calls get an OTLP id of their own and carry `requestId`; the store drops them
 * when a transcript holds the same request (store/sql/shadow.ts). Returns null for events that stay logs.
 */
export function claudeCodeEvent(name: string, record: LogRecordView, ctx: ResourceContext): CanonicalEvent | null {
  switch (name) {
    case 'api_request':
      return apiRequest(record, ctx);
    case 'api_error':
      return apiError(record, ctx);
    case 'tool_result':
      return toolResult(record, ctx);
    case 'tool_decision':
      return toolDecision(record, ctx);
    case 'user_prompt':
      return userPrompt(record, ctx);
    default:
      return null;
  }
}

/** Attributes every event has that are either in columns or not worth a copy per row. */
const COMMON = ['event.name', 'session.id'];
const mappedSet = (...keys: string[]) => new Set([...COMMON, ...keys]);

/** A key of the record for ids when the natural key is missing: its place in the session. */
function fallbackKey(record: LogRecordView): string {
  return record.sequence ?? record.timeKey;
}

const API_REQUEST_MAPPED = mappedSet('model', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'cost_usd', 'duration_ms', 'request_id', 'speed');

function apiRequest(record: LogRecordView, ctx: ResourceContext): CanonicalEvent {
  const a = record.attrs;
  const requestId = str(a, 'request_id');
  const key = requestId ?? str(a, 'client_request_id');
  const id = key ? eventId('otel', 'req', key) : eventId('otel', 'req', record.sessionId, fallbackKey(record));
  const event = baseEvent(ctx, id, 'llm_call', record.ts, record.sessionId, record.project);
  event.model = str(a, 'model');
  event.inputTokens = int(a, 'input_tokens');
  event.outputTokens = int(a, 'output_tokens');
  event.cacheReadTokens = int(a, 'cache_read_tokens');
  event.cacheCreationTokens = int(a, 'cache_creation_tokens');
  event.speed = str(a, 'speed');
  event.costUsd = priced(event);
  // their estimate, kept apart: usage reports price calls with our table
  event.reportedCostUsd = num(a, 'cost_usd');
  event.durationMs = int(a, 'duration_ms');
  event.requestId = requestId;
  event.attrs = keptAttrs(a, API_REQUEST_MAPPED);
  return event;
}

/** Cost from our price table; null when the model is unknown or the counts are not usable. */
export function priced(event: CanonicalEvent): number | null {
  const counts = [event.inputTokens, event.outputTokens, event.cacheReadTokens, event.cacheCreationTokens];
  if (!event.model || counts.some((c) => c != null && c < 0)) return null;
  return costUsd(defaultPriceTable(), event.model, {
    inputTokens: event.inputTokens ?? 0,
    outputTokens: event.outputTokens ?? 0,
    cacheReadTokens: event.cacheReadTokens ?? 0,
    cacheCreationTokens: event.cacheCreationTokens ?? 0,
    cacheCreation1hTokens: event.cacheCreation1hTokens ?? null,
    speed: event.speed ?? null,
  });
}

const API_ERROR_MAPPED = mappedSet('model', 'error', 'duration_ms', 'request_id', 'speed');

function apiError(record: LogRecordView, ctx: ResourceContext): CanonicalEvent {
  const a = record.attrs;
  const attempt = str(a, 'attempt') ?? '';
  const key = str(a, 'request_id') ?? str(a, 'client_request_id');
  const id = key ? eventId('otel', 'api-error', key, attempt) : eventId('otel', 'api-error', record.sessionId, fallbackKey(record));
  const event = baseEvent(ctx, id, 'api_error', record.ts, record.sessionId, record.project);
  event.level = 'error';
  event.model = str(a, 'model');
  event.text = excerpt(str(a, 'error'));
  event.durationMs = int(a, 'duration_ms');
  event.speed = str(a, 'speed');
  event.requestId = str(a, 'request_id');
  event.attrs = keptAttrs(a, API_ERROR_MAPPED);
  return event;
}

const TOOL_RESULT_MAPPED = mappedSet('tool_name', 'tool_use_id', 'success', 'duration_ms', 'error');

function toolResult(record: LogRecordView, ctx: ResourceContext): CanonicalEvent {
  const a = record.attrs;
  const durationMs = int(a, 'duration_ms');
  // the event is emitted when the tool finishes; the call started duration_ms earlier
  const start = durationMs != null && durationMs >= 0 && durationMs <= record.ts ? record.ts - durationMs : record.ts;
  const event = baseEvent(ctx, toolId(record), 'tool_call', start, record.sessionId, record.project);
  event.endTs = record.ts;
  event.durationMs = durationMs;
  event.toolName = str(a, 'tool_name');
  event.mcpServer = mcpServerOf(a);
  const success = bool(a, 'success');
  event.status = success === null ? null : success ? 'ok' : 'error';
  event.text = success === false ? excerpt(str(a, 'error')) : null;
  event.attrs = keptAttrs(a, TOOL_RESULT_MAPPED);
  return event;
}

const TOOL_DECISION_MAPPED = mappedSet('tool_name', 'tool_use_id');

/** The permission decision joins its tool call (same id) as attributes; status stays the result's. */
function toolDecision(record: LogRecordView, ctx: ResourceContext): CanonicalEvent | null {
  if (!str(record.attrs, 'tool_use_id')) return null;
  const event = baseEvent(ctx, toolId(record), 'tool_call', record.ts, record.sessionId, record.project);
  event.toolName = str(record.attrs, 'tool_name');
  event.mcpServer = mcpServerOf(record.attrs);
  const kept = keptAttrs(record.attrs, TOOL_DECISION_MAPPED) ?? {};
  // named apart from tool_result's decision_type/decision_source, which may land on the same row
  event.attrs = { toolDecision: kept.decision ?? null, toolDecisionSource: kept.source ?? null, toolSource: kept.tool_source ?? null };
  return event;
}

function toolId(record: LogRecordView): string {
  const toolUseId = str(record.attrs, 'tool_use_id');
  return toolUseId ? eventId('cc', 'tool', toolUseId) : eventId('otel', 'tool', record.sessionId, fallbackKey(record));
}

/** The MCP server: tool_parameters.mcp_server_name (a JSON string), else the mcp__server__tool name. */
function mcpServerOf(a: Attributes): string | null {
  const params = str(a, 'tool_parameters');
  if (params && params.includes('mcp_server_name')) {
    try {
      const parsed = JSON.parse(params) as { mcp_server_name?: unknown };
      if (typeof parsed.mcp_server_name === 'string' && parsed.mcp_server_name) return parsed.mcp_server_name.slice(0, 256);
    } catch {
      // not JSON: fall through to the tool name
    }
  }
  const tool = str(a, 'tool_name');
  const match = tool ? /^mcp__(.+?)__/.exec(tool) : null;
  return match ? match[1].slice(0, 256) : null;
}

const USER_PROMPT_MAPPED = mappedSet('prompt');

function userPrompt(record: LogRecordView, ctx: ResourceContext): CanonicalEvent {
  const promptId = str(record.attrs, 'prompt.id');
  const id = promptId ? eventId('cc', 'prompt', promptId) : eventId('otel', 'prompt', record.sessionId, fallbackKey(record));
  const event = baseEvent(ctx, id, 'prompt', record.ts, record.sessionId, record.project);
  // the prompt text is only there when OTEL_LOG_USER_PROMPTS=1; the transcript copy has it anyway
  event.text = excerpt(str(record.attrs, 'prompt'));
  event.attrs = keptAttrs(record.attrs, USER_PROMPT_MAPPED);
  return event;
}
