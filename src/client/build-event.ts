import { randomUUID } from 'node:crypto';
import type { CapabilityFields, CommonFields, JobRunFields, Level, LlmCallFields, MemoryFields, ToolCallFields } from './types.js';

/** A raw event as POST /api/v1/events takes it (docs/event-api.md). */
export type RawEvent = Record<string, unknown> & { kind: string };

/**
 * Fill what the client knows: time, agent, session, and an id (a random UUID, so a redelivered batch
 * is a no-op on the server) unless the event has an id or a key the server derives one from.
 */
export function completeEvent(raw: RawEvent, defaults: { agent: string; sessionId: string }): RawEvent {
  const event: RawEvent = { ...raw };
  event.ts ??= Date.now();
  event.agent ??= defaults.agent;
  event.sessionId ??= defaults.sessionId;
  if (event.id === undefined && event.key === undefined) event.id = randomUUID();
  for (const field of Object.keys(event)) if (event[field] === undefined) delete event[field];
  return event;
}

function common(fields: CommonFields): Record<string, unknown> {
  return { ts: fields.ts, sessionId: fields.sessionId, project: fields.project, key: fields.key, attrs: fields.attrs, visibility: fields.visibility };
}

export function logEvent(text: string, level: Level, fields: CommonFields): RawEvent {
  return { ...common(fields), kind: 'log', level, text };
}

export function llmCallEvent(f: LlmCallFields): RawEvent {
  const { model, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, costUsd, durationMs, requestId, text } = f;
  return { ...common(f), kind: 'llm_call', model, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, costUsd, durationMs, requestId, text };
}

export function toolCallEvent(f: ToolCallFields): RawEvent {
  const { toolName, mcpServer, durationMs, endTs, status, exitCode, text } = f;
  return { ...common(f), kind: 'tool_call', toolName, mcpServer, durationMs, endTs, status: status ?? 'ok', exitCode, text };
}

export function memoryEvent(f: MemoryFields): RawEvent {
  const memory = { op: f.op, category: f.category, importance: f.importance, key: f.memoryKey };
  return { ...common(f), kind: 'memory', text: f.text, attrs: { ...f.attrs, memory: withoutUndefined(memory) } };
}

export function jobRunEvent(f: JobRunFields): RawEvent {
  const job = { name: f.name, type: f.type, schedule: f.schedule, result: f.result, nextRunAt: f.nextRunAt };
  const status = f.result === 'ok' ? 'ok' : f.result === 'skipped' ? undefined : 'error';
  return { ...common(f), kind: 'job_run', durationMs: f.durationMs, status, text: f.text, attrs: { ...f.attrs, job: withoutUndefined(job) } };
}

export function capabilityEvent(f: CapabilityFields): RawEvent {
  const capability = { name: f.name, type: f.type, status: f.status, reason: f.reason };
  const level = f.status === 'down' ? 'error' : f.status === 'degraded' ? 'warning' : undefined;
  return { ...common(f), kind: 'capability', level, text: f.reason, attrs: { ...f.attrs, capability: withoutUndefined(capability) } };
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
