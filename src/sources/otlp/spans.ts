import type { CanonicalEvent } from '../../core/event.js';
import { eventId } from '../../core/ids.js';
import { priced } from './claude-code-events.js';
import { collect, emptyMapping, type OtlpMapping } from './collect.js';
import { baseEvent, keptAttrs, resourceContext, sessionOf, type OtlpOwner, type ResourceContext } from './context.js';
import { genAiUsage } from './genai.js';
import { excerpt } from './record.js';
import { listOf, type OtlpSpan, type OtlpTracesRequest } from './types.js';
import { attributes, idHex, int, nanosToMs, str, toNumber, type Attributes } from './values.js';

/**
 * An ExportTraceServiceRequest → events. Model-call spans (GenAI `chat`/`text_completion`/
 * `generate_content`/`embeddings`, Claude Code's `claude_code.llm_request`) become `llm_call`s; tool
 * spans (`execute_tool`, `claude_code.tool`) become `tool_call`s; every other span is a debug `log`
 * with its duration, so traces do not flood the error views.
 */
export function tracesToEvents(request: OtlpTracesRequest, owner: OtlpOwner, receivedAt: number): OtlpMapping {
  const out = emptyMapping();
  listOf<NonNullable<OtlpTracesRequest['resourceSpans']>[number]>(request.resourceSpans).forEach((resourceSpans, r) => {
    const ctx = resourceContext(resourceSpans?.resource, owner, receivedAt);
    listOf<{ spans?: OtlpSpan[] | null }>(resourceSpans?.scopeSpans).forEach((scopeSpans, s) => {
      listOf<OtlpSpan>(scopeSpans?.spans).forEach((span, i) => {
        collect(out, `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`, () => spanToEvent(span, ctx));
      });
    });
  });
  return out;
}

const MODEL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);

interface SpanView {
  attrs: Attributes;
  traceId: string | null;
  spanId: string | null;
  start: number;
  end: number | null;
  sessionId: string;
  failed: boolean;
}

function spanToEvent(span: OtlpSpan, ctx: ResourceContext): CanonicalEvent {
  const attrs = attributes(span.attributes);
  const start = nanosToMs(span.startTimeUnixNano) ?? ctx.receivedAt;
  const end = nanosToMs(span.endTimeUnixNano);
  const traceId = idHex(span.traceId);
  const view: SpanView = { attrs, traceId, spanId: idHex(span.spanId), start, end, sessionId: sessionOf(ctx, attrs, start, traceId), failed: toNumber(span.status?.code) === 2 };
  const operation = str(attrs, 'gen_ai.operation.name');
  const name = span.name ?? '';
  let event: CanonicalEvent;
  if (name === 'claude_code.llm_request' || (operation && MODEL_OPERATIONS.has(operation))) event = modelCall(view, ctx, name === 'claude_code.llm_request');
  else if (name === 'claude_code.tool' || operation === 'execute_tool') event = toolCall(view, ctx);
  else event = spanLog(view, ctx, name);
  if (end !== null && end >= event.ts) {
    event.endTs = end;
    event.durationMs ??= end - event.ts;
  }
  if (view.failed && span.status?.message) event.text ??= excerpt(span.status.message);
  return event;
}

const MODEL_MAPPED = new Set(['session.id', 'model', 'gen_ai.request.model', 'gen_ai.response.model', 'request_id', 'gen_ai.response.id', 'speed', 'duration_ms',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens']);

function modelCall(view: SpanView, ctx: ResourceContext, claudeCode: boolean): CanonicalEvent {
  const a = view.attrs;
  const requestId = str(a, 'request_id') ?? str(a, 'gen_ai.response.id');
  // Claude Code's span and its api_request log are one call: same id, so they merge
  const id = claudeCode && requestId ? eventId('otel', 'req', requestId) : eventId('otel', 'span', view.traceId ?? '', view.spanId ?? '');
  const event = baseEvent(ctx, id, 'llm_call', view.start, view.sessionId, null);
  event.model = str(a, 'gen_ai.response.model') ?? str(a, 'gen_ai.request.model') ?? str(a, 'model');
  Object.assign(event, claudeCode ? claudeCodeUsage(a) : genAiUsage(a));
  event.speed = str(a, 'speed');
  event.costUsd = priced(event);
  event.durationMs = int(a, 'duration_ms');
  event.requestId = requestId;
  if (view.failed) event.status = 'error';
  event.attrs = keptAttrs(a, MODEL_MAPPED);
  return event;
}

/** Claude Code's span attributes use Anthropic semantics already (input excludes cache). */
function claudeCodeUsage(a: Attributes): Partial<CanonicalEvent> {
  return {
    inputTokens: int(a, 'input_tokens'),
    outputTokens: int(a, 'output_tokens'),
    cacheReadTokens: int(a, 'cache_read_tokens'),
    cacheCreationTokens: int(a, 'cache_creation_tokens'),
  };
}

const TOOL_MAPPED = new Set(['session.id', 'tool_name', 'gen_ai.tool.name', 'tool_use_id', 'gen_ai.tool.call.id', 'duration_ms']);

function toolCall(view: SpanView, ctx: ResourceContext): CanonicalEvent {
  const a = view.attrs;
  const callId = str(a, 'tool_use_id') ?? str(a, 'gen_ai.tool.call.id');
  // Claude Code's tool_use ids are shared with transcripts and hooks; others get the span's identity
  const id = callId && ctx.isClaudeCode ? eventId('cc', 'tool', callId) : eventId('otel', 'span', view.traceId ?? '', view.spanId ?? '');
  const event = baseEvent(ctx, id, 'tool_call', view.start, view.sessionId, null);
  event.toolName = str(a, 'gen_ai.tool.name') ?? str(a, 'tool_name');
  event.durationMs = int(a, 'duration_ms');
  event.status = view.failed ? 'error' : view.end !== null ? 'ok' : null;
  event.attrs = keptAttrs(a, TOOL_MAPPED);
  return event;
}

function spanLog(view: SpanView, ctx: ResourceContext, name: string): CanonicalEvent {
  const event = baseEvent(ctx, eventId('otel', 'span', view.traceId ?? '', view.spanId ?? ''), 'log', view.start, view.sessionId, null);
  event.level = view.failed ? 'error' : 'debug';
  event.text = excerpt(name || null);
  event.attrs = { ...keptAttrs(view.attrs, new Set(['session.id'])), span: name, traceId: view.traceId, spanId: view.spanId };
  return event;
}
