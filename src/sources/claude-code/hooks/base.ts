import type { CanonicalEvent, EventKind } from '../../../core/event.js';
import { eventId } from '../../../core/ids.js';
import { boundedPayload } from './bounded-payload.js';
import { hookProject } from './project.js';
import { str, type EventOwner, type ReceivedHook } from './payload.js';

/**
 * The fields every hook event shares: receipt time, owner, session, project, and the common
 * payload fields in attrs. Hooks carry no source file, so `sourcePath` stays empty: in the merge
 * rule an empty path sorts first, so a hook copy wins over a transcript copy of the same id and
 * the transcript fills in only what the hook left empty.
 */
export function hookBase(hook: ReceivedHook, owner: EventOwner, id: string, kind: EventKind): CanonicalEvent {
  const { payload } = hook;
  const event: CanonicalEvent = {
    id,
    ts: hook.receivedAt,
    teamId: owner.teamId,
    userId: owner.userId,
    visibility: owner.visibility,
    agent: 'claude-code',
    source: 'hook',
    sessionId: payload.session_id,
    project: hookProject(str(payload, 'transcript_path'), str(payload, 'cwd')),
    kind,
    attrs: commonAttrs(hook),
  };
  // Inside a subagent the transcript copy is a sidechain line; say so, or the merged row would lose it.
  if (str(payload, 'agent_id')) event.isSidechain = true;
  return event;
}

function commonAttrs(hook: ReceivedHook): Record<string, unknown> {
  const { payload } = hook;
  const attrs: Record<string, unknown> = { hookEvent: payload.hook_event_name, hookReceivedAt: hook.receivedAt };
  const fields: Array<[string, string]> = [
    ['cwd', 'cwd'], ['transcript_path', 'transcriptPath'], ['permission_mode', 'permissionMode'],
    ['prompt_id', 'promptId'], ['agent_id', 'agentId'], ['agent_type', 'agentType'],
  ];
  for (const [from, to] of fields) {
    const value = str(payload, from);
    if (value) attrs[to] = value;
  }
  return attrs;
}

/** Attach the (bounded) full payload under `key`: results use their own key so a merge keeps both phases. */
export function keepPayload(event: CanonicalEvent, hook: ReceivedHook, key = 'hookPayload'): CanonicalEvent {
  event.attrs = { ...event.attrs, [key]: boundedPayload(hook.payload) };
  return event;
}

/**
 * The id of a hook event that has no natural key shared with other sources: deterministic from
 * the payload and its receipt time, so a spooled payload delivered again is stored once.
 */
export function hookEventId(hook: ReceivedHook): string {
  const { payload } = hook;
  return eventId('cc', 'hook', payload.session_id, payload.hook_event_name, hook.receivedAt, eventId(JSON.stringify(payload)));
}

/** snake_case → camelCase, for copying payload fields into attrs. */
export function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
