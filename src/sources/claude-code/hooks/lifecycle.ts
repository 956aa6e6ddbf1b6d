import type { CanonicalEvent } from '../../../core/event.js';
import { clipText } from '../../../core/event.js';
import { eventId } from '../../../core/ids.js';
import { camel, hookBase, hookEventId, keepPayload } from './base.js';
import { str, type EventOwner, type ReceivedHook } from './payload.js';

const EXCERPT = 1000;

/** SessionStart: startup/clear/fork open the session (same id as the transcript's first line); resume/compact are logged. */
export function sessionStartEvent(hook: ReceivedHook, owner: EventOwner): CanonicalEvent {
  const { payload } = hook;
  const source = str(payload, 'source');
  const opens = source === null || source === 'startup' || source === 'clear' || source === 'fork';
  const event = opens
    ? hookBase(hook, owner, eventId('cc', 'session-start', payload.session_id), 'session_start')
    : logEvent(hook, owner, 'info', `Session ${source}`);
  event.attrs = { ...event.attrs, source, model: str(payload, 'model'), sessionTitle: str(payload, 'session_title') };
  return keepPayload(event, hook);
}

export function sessionEndEvent(hook: ReceivedHook, owner: EventOwner): CanonicalEvent {
  const reason = str(hook.payload, 'reason');
  const event = hookBase(hook, owner, eventId('cc', 'session-end', hook.payload.session_id, hook.receivedAt), 'session_end');
  event.text = `Session ended (${reason ?? 'unknown'})`;
  event.attrs = { ...event.attrs, reason };
  return keepPayload(event, hook);
}

/** UserPromptSubmit: keyed by prompt_id like the transcript's promptId, so both count once. */
export function promptEvent(hook: ReceivedHook, owner: EventOwner): CanonicalEvent {
  const promptId = str(hook.payload, 'prompt_id');
  const event = hookBase(hook, owner, promptId ? eventId('cc', 'prompt', promptId) : hookEventId(hook), 'prompt');
  event.text = clipText(typeof hook.payload.prompt === 'string' ? hook.payload.prompt : '');
  event.attrs = { ...event.attrs, promptId };
  return keepPayload(event, hook);
}

/** SubagentStart and SubagentStop are the two ends of one `subagent` event (keyed by agent_id): it gets a duration. */
export function subagentEvent(hook: ReceivedHook, owner: EventOwner): CanonicalEvent {
  const { payload } = hook;
  const agentId = str(payload, 'agent_id');
  const id = agentId ? eventId('cc', 'subagent', payload.session_id, agentId) : hookEventId(hook);
  const event = hookBase(hook, owner, id, 'subagent');
  event.isSidechain = null; // the subagent event belongs to the main conversation
  event.text = clipText(`Subagent ${str(payload, 'agent_type') ?? agentId ?? ''}`.trim(), 300);
  if (payload.hook_event_name === 'SubagentStart') return keepPayload(event, hook);
  event.endTs = hook.receivedAt;
  event.status = 'ok';
  event.attrs = {
    ...event.attrs,
    agentTranscriptPath: str(payload, 'agent_transcript_path'),
    lastAssistantMessage: clipText(str(payload, 'last_assistant_message'), EXCERPT),
  };
  return keepPayload(event, hook, 'hookResultPayload');
}

/**
 * Everything else becomes a `log` with the event's scalar fields in attrs. Compactions and final
 * API failures are deliberately logs too: the transcript records them (compact_boundary, the
 * synthetic error line) with no key a hook shares, so a second `compaction`/`error` would count twice.
 */
export function lifecycleLog(hook: ReceivedHook, owner: EventOwner): CanonicalEvent {
  const { payload } = hook;
  const name = payload.hook_event_name;
  const level = name === 'StopFailure' ? 'error' : name === 'PermissionDenied' ? 'warning' : name === 'MessageDisplay' ? 'debug' : 'info';
  const event = logEvent(hook, owner, level, describe(hook));
  for (const [key, value] of Object.entries(payload)) {
    if (COMMON_FIELDS.has(key) || value === null || value === undefined) continue;
    if (typeof value === 'string') event.attrs![camel(key)] = clipText(value, EXCERPT);
    else if (typeof value !== 'object') event.attrs![camel(key)] = value;
  }
  return keepPayload(event, hook);
}

const COMMON_FIELDS = new Set(['session_id', 'transcript_path', 'cwd', 'hook_event_name', 'permission_mode', 'prompt_id', 'agent_id', 'agent_type']);

function logEvent(hook: ReceivedHook, owner: EventOwner, level: 'debug' | 'info' | 'warning' | 'error', text: string): CanonicalEvent {
  const event = hookBase(hook, owner, hookEventId(hook), 'log');
  event.level = level;
  event.text = clipText(text, EXCERPT);
  return event;
}

/** A one-line description: the event name and its most telling field. */
function describe(hook: ReceivedHook): string {
  const p = hook.payload;
  switch (p.hook_event_name) {
    case 'Stop': return `Turn finished${suffix(str(p, 'last_assistant_message'))}`;
    case 'StopFailure': return `Turn failed: ${str(p, 'error') ?? 'unknown'}${suffix(str(p, 'error_details') ?? str(p, 'last_assistant_message'))}`;
    case 'Notification': return `Notification${suffix(str(p, 'message'))}`;
    case 'PreCompact': return `Compaction starting (${str(p, 'trigger') ?? 'auto'})`;
    case 'PostCompact': return `Compaction finished (${str(p, 'trigger') ?? 'auto'})`;
    case 'PermissionRequest': return `Permission requested: ${str(p, 'tool_name') ?? 'tool'}`;
    case 'PermissionDenied': return `Permission denied: ${str(p, 'tool_name') ?? 'tool'}${suffix(str(p, 'reason'))}`;
  }
  const salient = ['message', 'command_name', 'task_subject', 'file_path', 'new_cwd', 'directory', 'name', 'worktree_path', 'trigger', 'source', 'teammate_name']
    .map((key) => str(p, key))
    .find((value) => value !== null);
  return `${p.hook_event_name}${suffix(salient ?? null)}`;
}

function suffix(text: string | null): string {
  return text ? `: ${text.length > 300 ? text.slice(0, 297) + '...' : text}` : '';
}
