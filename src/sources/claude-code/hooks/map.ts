import type { CanonicalEvent } from '../../../core/event.js';
import type { EventOwner, ReceivedHook } from './payload.js';
import { toolCallEvent } from './tool-events.js';
import { lifecycleLog, promptEvent, sessionEndEvent, sessionStartEvent, subagentEvent } from './lifecycle.js';

type Mapper = (hook: ReceivedHook, owner: EventOwner) => CanonicalEvent;

const MAPPERS: Record<string, Mapper> = {
  PreToolUse: toolCallEvent,
  PostToolUse: toolCallEvent,
  PostToolUseFailure: toolCallEvent,
  SessionStart: sessionStartEvent,
  SessionEnd: sessionEndEvent,
  UserPromptSubmit: promptEvent,
  SubagentStart: subagentEvent,
  SubagentStop: subagentEvent,
};

/**
 * One hook payload → its canonical events (today always one). Unknown event names are never
 * rejected: they become `log` events with the payload kept.
 * @example hookToEvents({ payload, receivedAt: Date.now() }, localOwner)
 */
export function hookToEvents(hook: ReceivedHook, owner: EventOwner): CanonicalEvent[] {
  const mapper = MAPPERS[hook.payload.hook_event_name] ?? lifecycleLog;
  return [mapper(hook, owner)];
}
