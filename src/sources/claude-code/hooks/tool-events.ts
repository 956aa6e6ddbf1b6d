import type { CanonicalEvent } from '../../../core/event.js';
import { clipText } from '../../../core/event.js';
import { eventId } from '../../../core/ids.js';
import { exitCodeOf, mcpServerOf, toolInputSummary, toolResultText } from '../tools.js';
import { hookBase, hookEventId, keepPayload } from './base.js';
import { num, str, type EventOwner, type ReceivedHook } from './payload.js';

const EXCERPT = 1000;

/**
 * PreToolUse / PostToolUse / PostToolUseFailure → one tool call, id = eventId('cc','tool',
 * tool_use_id) like the transcript's. PreToolUse leaves `status` empty (pending): the merge rule
 * fills empty columns from other copies but never replaces a set one, so a stored "pending" would
 * outlive the result.
 */
export function toolCallEvent(hook: ReceivedHook, owner: EventOwner): CanonicalEvent {
  const { payload } = hook;
  const toolUseId = str(payload, 'tool_use_id');
  const toolName = str(payload, 'tool_name') ?? 'unknown';
  const event = hookBase(hook, owner, toolUseId ? eventId('cc', 'tool', toolUseId) : hookEventId(hook), 'tool_call');
  event.toolName = toolName;
  event.mcpServer = mcpServerOf(toolName);
  event.text = clipText(toolInputSummary(toolName, payload.tool_input), EXCERPT);
  event.attrs = { ...event.attrs, toolUseId };
  if (payload.hook_event_name === 'PreToolUse') return keepPayload(event, hook);
  completeToolCall(event, hook, toolName);
  return keepPayload(event, hook, 'hookResultPayload');
}

/** The result half: end time, status, exit code, output excerpt. Alone it is still a whole tool call. */
function completeToolCall(event: CanonicalEvent, hook: ReceivedHook, toolName: string): void {
  const { payload } = hook;
  const failed = payload.hook_event_name === 'PostToolUseFailure';
  const durationMs = num(payload, 'duration_ms');
  event.endTs = hook.receivedAt;
  if (durationMs !== null && durationMs >= 0) {
    event.durationMs = Math.round(durationMs);
    event.ts = Math.max(0, hook.receivedAt - event.durationMs);
  }
  event.status = failed ? 'error' : 'ok';
  const output = failed ? String(payload.error ?? '') : responseText(payload.tool_response);
  const reported = responseExitCode(payload.tool_response);
  const exitCode = reported ?? exitCodeOf(toolName, output, failed);
  if (exitCode !== null) event.exitCode = exitCode;
  event.attrs = { ...event.attrs, outputExcerpt: clipText(output, EXCERPT) };
  if (payload.is_interrupt === true || (payload.tool_response as { interrupted?: unknown } | undefined)?.interrupted === true) event.attrs.interrupted = true;
}

/** The readable part of a tool's structured response (Bash stdout/stderr, text blocks, or JSON). */
function responseText(response: unknown): string {
  if (typeof response === 'string') return response;
  if (Array.isArray(response)) return toolResultText(response);
  if (!response || typeof response !== 'object') return '';
  const r = response as Record<string, unknown>;
  if (typeof r.stdout === 'string' || typeof r.stderr === 'string') return [r.stdout, r.stderr].filter((s) => typeof s === 'string' && s).join('\n');
  if (Array.isArray(r.content)) return toolResultText(r.content);
  const json = JSON.stringify(response);
  return json.length > 2000 ? json.slice(0, 2000) : json;
}

function responseExitCode(response: unknown): number | null {
  if (!response || typeof response !== 'object') return null;
  const r = response as Record<string, unknown>;
  const code = r.exitCode ?? r.exit_code ?? r.returnCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : null;
}
