import type { CanonicalEvent } from '../../core/event.js';
import { clipText } from '../../core/event.js';
import { eventId } from '../../core/ids.js';
import { costUsd, type PriceTable } from '../../core/pricing/index.js';
import { exitCodeOf, mcpServerOf, toolInputSummary, toolResultText } from './tools.js';

/** What every event of one transcript file shares. */
export interface FileContext {
  path: string;
  sessionId: string;
  project: string;
  teamId: string;
  userId: string;
  visibility: 'private' | 'team' | 'public';
  prices: PriceTable;
  /** latest timestamp seen in the file, for lines that carry none (titles) */
  lastTs: number;
  /** whether this read started at the top of the file (so its first line starts the session) */
  sawSessionStart: boolean;
  isSubagentFile: boolean;
  /**
   * Usage already emitted in this read, by message id: every content-block line of a response
   * repeats its usage, and a copy that cannot win the merge (core/merge.ts) need not become an event.
   */
  seenUsage?: Map<string, { total: number; sidechain: boolean; speed: boolean }>;
}

export type LineOutcome = 'events' | 'ignored' | 'malformed';

type Json = Record<string, any>;

const TEXT_EXCERPT = 1000;
/**
 * Tool output kept on the event: enough for lists and error grouping. Every tool call carries one,
 * so it dominates what an import stores; the whole output stays in the transcript (GET /events/:id).
 */
const OUTPUT_EXCERPT = 400;

/**
 * One transcript line → zero or more canonical events, appended to `out`.
 * Never throws: a line that is not JSON comes back as 'malformed'.
 */
export function lineToEvents(line: string, offset: number, ctx: FileContext, out: CanonicalEvent[]): LineOutcome {
  let record: Json;
  try {
    record = JSON.parse(line);
  } catch {
    return 'malformed';
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return 'malformed';
  const ts = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : NaN;
  if (Number.isFinite(ts)) {
    if (ts > ctx.lastTs) ctx.lastTs = ts;
    if (!ctx.sawSessionStart && !ctx.isSubagentFile) {
      ctx.sawSessionStart = true;
      out.push(sessionStart(record, ts, offset, ctx));
    }
  }
  const before = out.length;
  switch (record.type) {
    case 'assistant':
      if (Number.isFinite(ts)) assistantEvents(record, ts, offset, ctx, out);
      break;
    case 'user':
      if (Number.isFinite(ts)) userEvents(record, ts, offset, ctx, out);
      break;
    case 'system':
      if (Number.isFinite(ts)) systemEvents(record, ts, offset, ctx, out);
      break;
    case 'ai-title':
    case 'custom-title':
    case 'summary':
      titleEvent(record, offset, ctx, out);
      break;
  }
  return out.length > before ? 'events' : 'ignored';
}

function base(record: Json, ts: number, offset: number, ctx: FileContext, id: string, kind: CanonicalEvent['kind']): CanonicalEvent {
  return {
    id,
    ts,
    teamId: ctx.teamId,
    userId: ctx.userId,
    visibility: ctx.visibility,
    agent: 'claude-code',
    source: 'transcript',
    sessionId: ctx.sessionId,
    project: ctx.project,
    kind,
    parentId: typeof record.parentUuid === 'string' ? record.parentUuid : null,
    isSidechain: record.isSidechain === true,
    sourcePath: ctx.path,
    sourceOffset: offset,
  };
}

function lineId(record: Json, ctx: FileContext, offset: number): string {
  return typeof record.uuid === 'string' && record.uuid ? eventId('cc', 'line', record.uuid) : eventId('cc', 'at', ctx.path, offset);
}

function envelopeAttrs(record: Json): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (typeof record.cwd === 'string') attrs.cwd = record.cwd;
  if (typeof record.gitBranch === 'string' && record.gitBranch) attrs.gitBranch = record.gitBranch;
  if (typeof record.version === 'string') attrs.version = record.version;
  if (typeof record.uuid === 'string') attrs.uuid = record.uuid;
  if (typeof record.agentId === 'string') attrs.agentId = record.agentId;
  return attrs;
}

function sessionStart(record: Json, ts: number, offset: number, ctx: FileContext): CanonicalEvent {
  const event = base(record, ts, offset, ctx, eventId('cc', 'session-start', ctx.sessionId), 'session_start');
  event.parentId = null;
  event.attrs = { ...envelopeAttrs(record), entrypoint: record.entrypoint ?? null };
  return event;
}

function assistantEvents(record: Json, ts: number, offset: number, ctx: FileContext, out: CanonicalEvent[]): void {
  const message: Json = record.message && typeof record.message === 'object' ? record.message : {};
  const model = typeof message.model === 'string' ? message.model : null;
  if (record.isApiErrorMessage === true || model === '<synthetic>') {
    const event = base(record, ts, offset, ctx, lineId(record, ctx, offset), 'error');
    event.level = 'error';
    event.text = clipText(contentText(message.content), TEXT_EXCERPT);
    event.attrs = { ...envelopeAttrs(record), error: record.error ?? null, apiErrorStatus: record.apiErrorStatus ?? null, type: 'api_error_final' };
    out.push(event);
    return;
  }
  if (message.usage && typeof message.usage === 'object' && countsAsUsage(record, message) && !repeatsSeenUsage(record, message, ctx)) {
    out.push(llmCall(record, message, model, ts, offset, ctx));
  }
  if (Array.isArray(message.content)) {
    for (const block of message.content) {
      if (block && block.type === 'tool_use' && typeof block.id === 'string') out.push(toolUse(record, block, ts, offset, ctx));
    }
  }
}

/** True when an earlier line of this read had the same response with usage at least as good. */
function repeatsSeenUsage(record: Json, message: Json, ctx: FileContext): boolean {
  if (!ctx.seenUsage || typeof message.id !== 'string') return false;
  const usage = message.usage;
  const breakdown = usage.cache_creation && typeof usage.cache_creation === 'object' ? usage.cache_creation : null;
  const creation = breakdown ? num(breakdown.ephemeral_5m_input_tokens) + num(breakdown.ephemeral_1h_input_tokens) : num(usage.cache_creation_input_tokens);
  const copy = { total: num(usage.input_tokens) + num(usage.output_tokens) + num(usage.cache_read_input_tokens) + creation, sidechain: record.isSidechain === true, speed: typeof usage.speed === 'string' };
  const seen = ctx.seenUsage.get(message.id);
  if (seen && !copyCanWin(copy, seen)) return true;
  ctx.seenUsage.set(message.id, copy);
  return false;
}

/** candidateWins of core/merge.ts for a later copy in the same file (so the earlier wins ties). */
function copyCanWin(copy: { total: number; sidechain: boolean; speed: boolean }, seen: { total: number; sidechain: boolean; speed: boolean }): boolean {
  if (copy.sidechain !== seen.sidechain) return seen.sidechain;
  if (copy.total !== seen.total) return copy.total > seen.total;
  return copy.speed && !seen.speed;
}

/** ccusage skips usage lines with these defects; so do we, or totals would not agree. */
function countsAsUsage(record: Json, message: Json): boolean {
  if (typeof record.version === 'string' && !/^\d+\.\d+\.\d/.test(record.version)) return false;
  if (record.sessionId === '' || record.requestId === '' || message.id === '' || message.model === '') return false;
  for (const key of ['cwd', 'version', 'sessionId', 'requestId', 'costUSD', 'isApiErrorMessage'] as const) if (record[key] === null) return false;
  if (message.id === null || message.model === null) return false;
  const usage = message.usage;
  if (usage.speed === null || usage.cache_read_input_tokens === null || usage.cache_creation_input_tokens === null) return false;
  const breakdown = usage.cache_creation;
  if (breakdown && typeof breakdown === 'object' && (breakdown.ephemeral_5m_input_tokens === null || breakdown.ephemeral_1h_input_tokens === null)) return false;
  return typeof usage.input_tokens === 'number' && typeof usage.output_tokens === 'number';
}

function llmCall(record: Json, message: Json, model: string | null, ts: number, offset: number, ctx: FileContext): CanonicalEvent {
  const usage: Json = message.usage;
  const id = typeof message.id === 'string' ? eventId('cc', 'msg', message.id) : lineId(record, ctx, offset);
  const event = base(record, ts, offset, ctx, id, 'llm_call');
  // Like ccusage: when the 5m/1h breakdown exists it is the truth, and the flat total is ignored.
  const breakdown = usage.cache_creation && typeof usage.cache_creation === 'object' ? usage.cache_creation : null;
  const oneHour = breakdown ? num(breakdown.ephemeral_1h_input_tokens) : 0;
  const cacheCreation = breakdown ? num(breakdown.ephemeral_5m_input_tokens) + oneHour : num(usage.cache_creation_input_tokens);
  event.model = model ?? 'unknown';
  event.inputTokens = num(usage.input_tokens);
  event.outputTokens = num(usage.output_tokens);
  event.cacheCreationTokens = cacheCreation;
  event.cacheCreation1hTokens = oneHour || null;
  event.cacheReadTokens = num(usage.cache_read_input_tokens);
  event.speed = typeof usage.speed === 'string' ? usage.speed : null;
  event.costUsd = costUsd(ctx.prices, event.model, {
    inputTokens: event.inputTokens,
    outputTokens: event.outputTokens,
    cacheCreationTokens: cacheCreation,
    cacheCreation1hTokens: oneHour,
    cacheReadTokens: event.cacheReadTokens,
    speed: event.speed,
  });
  event.reportedCostUsd = typeof record.costUSD === 'number' && record.costUSD >= 0 ? record.costUSD : null;
  const attrs = envelopeAttrs(record);
  if (typeof record.requestId === 'string') {
    attrs.requestId = record.requestId;
    event.requestId = record.requestId;
  }
  if (typeof message.id === 'string') attrs.messageId = message.id;
  if (message.stop_reason) attrs.stopReason = message.stop_reason;
  if (usage.service_tier) attrs.serviceTier = usage.service_tier;
  event.attrs = attrs;
  return event;
}

function toolUse(record: Json, block: Json, ts: number, offset: number, ctx: FileContext): CanonicalEvent {
  const name = typeof block.name === 'string' ? block.name : 'unknown';
  const event = base(record, ts, offset, ctx, eventId('cc', 'tool', block.id), 'tool_call');
  event.toolName = name;
  event.mcpServer = mcpServerOf(name);
  event.text = clipText(toolInputSummary(name, block.input), TEXT_EXCERPT);
  event.attrs = { ...envelopeAttrs(record), toolUseId: block.id };
  return event;
}

function userEvents(record: Json, ts: number, offset: number, ctx: FileContext, out: CanonicalEvent[]): void {
  const content = record.message?.content;
  if (typeof content === 'string') {
    if (!record.isMeta && !record.isCompactSummary) out.push(prompt(record, content, ts, offset, ctx));
    return;
  }
  if (!Array.isArray(content)) return;
  let promptText = '';
  let toolResults = 0;
  for (const block of content) {
    if (!block || typeof block !== 'object') continue;
    if (block.type === 'tool_result' && typeof block.tool_use_id === 'string') {
      out.push(toolResult(record, block, ts, offset, ctx));
      toolResults++;
    } else if (block.type === 'text' && typeof block.text === 'string') promptText += (promptText ? '\n' : '') + block.text;
  }
  if (promptText && toolResults === 0 && !record.isMeta && !record.isCompactSummary) out.push(prompt(record, promptText, ts, offset, ctx));
}

function prompt(record: Json, text: string, ts: number, offset: number, ctx: FileContext): CanonicalEvent {
  const interrupted = text.startsWith('[Request interrupted by user');
  // promptId is what hooks (prompt_id) and OpenTelemetry (prompt.id) carry too: one prompt, one event
  const id = !interrupted && typeof record.promptId === 'string' && record.promptId ? eventId('cc', 'prompt', record.promptId) : lineId(record, ctx, offset);
  const event = base(record, ts, offset, ctx, id, interrupted ? 'log' : 'prompt');
  event.text = clipText(text);
  if (interrupted) event.level = 'warning';
  event.attrs = { ...envelopeAttrs(record), promptId: record.promptId ?? null, permissionMode: record.permissionMode ?? null };
  return event;
}

function toolResult(record: Json, block: Json, ts: number, offset: number, ctx: FileContext): CanonicalEvent {
  const isError = block.is_error === true;
  const output = toolResultText(block.content);
  const result: Json | null = record.toolUseResult && typeof record.toolUseResult === 'object' ? record.toolUseResult : null;
  const event = base(record, ts, offset, ctx, eventId('cc', 'tool', block.tool_use_id), 'tool_call');
  event.endTs = ts;
  event.status = isError ? 'error' : 'ok';
  const exitCode = exitCodeOf(result && 'stdout' in result ? 'Bash' : undefined, output, isError);
  if (exitCode !== null) event.exitCode = exitCode;
  event.attrs = { outputExcerpt: clipText(output, OUTPUT_EXCERPT), resultOffset: offset, interrupted: result?.interrupted === true || undefined };
  if (result && typeof result.agentId === 'string') event.attrs.agentId = result.agentId;
  return event;
}

function systemEvents(record: Json, ts: number, offset: number, ctx: FileContext, out: CanonicalEvent[]): void {
  if (record.subtype === 'api_error') {
    const event = base(record, ts, offset, ctx, lineId(record, ctx, offset), 'api_error');
    const error = record.error ?? {};
    event.level = 'warning';
    event.text = clipText(typeof error === 'string' ? error : error.message ?? error.error?.message ?? JSON.stringify(error), TEXT_EXCERPT);
    event.attrs = { ...envelopeAttrs(record), status: error.status ?? null, retryAttempt: record.retryAttempt ?? null, maxRetries: record.maxRetries ?? null, retryInMs: record.retryInMs ?? null };
    out.push(event);
  } else if (record.subtype === 'compact_boundary') {
    const meta = record.compactMetadata ?? {};
    const event = base(record, ts, offset, ctx, lineId(record, ctx, offset), 'compaction');
    event.text = `Conversation compacted (${meta.trigger ?? 'auto'})`;
    event.attrs = { ...envelopeAttrs(record), trigger: meta.trigger ?? null, preTokens: meta.preTokens ?? null, postTokens: meta.postTokens ?? null, durationMs: meta.durationMs ?? null };
    out.push(event);
  } else if (record.level === 'error') {
    const event = base(record, ts, offset, ctx, lineId(record, ctx, offset), 'error');
    event.level = 'error';
    event.text = clipText(typeof record.content === 'string' ? record.content : record.subtype ?? 'system error', TEXT_EXCERPT);
    event.attrs = { ...envelopeAttrs(record), subtype: record.subtype ?? null };
    out.push(event);
  }
}

function titleEvent(record: Json, offset: number, ctx: FileContext, out: CanonicalEvent[]): void {
  const title = record.aiTitle ?? record.customTitle ?? record.summary;
  if (typeof title !== 'string' || !title || ctx.isSubagentFile) return;
  const ts = ctx.lastTs || 0;
  const event = base(record, ts, offset, ctx, eventId('cc', 'at', ctx.path, offset), 'log');
  event.level = 'debug';
  event.text = clipText(`Session title: ${title}`, 300);
  event.attrs = { title, titleKind: record.type };
  out.push(event);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.filter((b) => b && b.type === 'text').map((b) => String(b.text ?? '')).join('\n');
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
