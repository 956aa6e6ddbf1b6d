import type { CanonicalEvent } from '../../core/event.js';
import { eventId } from '../../core/ids.js';
import { claudeCodeEvent } from './claude-code-events.js';
import { collect, emptyMapping, type OtlpMapping } from './collect.js';
import { baseEvent, keptAttrs, projectOf, resourceContext, sessionOf, type OtlpOwner, type ResourceContext } from './context.js';
import { bodyText, excerpt, levelOf, type LogRecordView } from './record.js';
import { listOf, type OtlpLogRecord, type OtlpLogsRequest } from './types.js';
import { attributes, idHex, nanosKey, nanosToMs, str, toNumber } from './values.js';

/**
 * An ExportLogsServiceRequest → canonical events. Claude Code's events become model calls, tool
 * calls, prompts and API errors; every other record is a `log` with its level and body.
 */
export function logsToEvents(request: OtlpLogsRequest, owner: OtlpOwner, receivedAt: number): OtlpMapping {
  const out = emptyMapping();
  listOf<NonNullable<OtlpLogsRequest['resourceLogs']>[number]>(request.resourceLogs).forEach((resourceLogs, r) => {
    const ctx = resourceContext(resourceLogs?.resource, owner, receivedAt);
    listOf<{ logRecords?: OtlpLogRecord[] | null }>(resourceLogs?.scopeLogs).forEach((scopeLogs, s) => {
      listOf<OtlpLogRecord>(scopeLogs?.logRecords).forEach((record, i) => {
        collect(out, `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`, () => recordToEvent(record, ctx));
      });
    });
  });
  return out;
}

function recordToEvent(record: OtlpLogRecord, ctx: ResourceContext): CanonicalEvent | null {
  const view = readRecord(record, ctx);
  const name = eventName(record, view);
  if (ctx.isClaudeCode && name) {
    const mapped = claudeCodeEvent(name, view, ctx);
    if (mapped) return mapped;
  }
  return logEvent(view, name, ctx);
}

function readRecord(record: OtlpLogRecord, ctx: ResourceContext): LogRecordView {
  const attrs = attributes(record.attributes);
  const eventTs = str(attrs, 'event.timestamp');
  const ts = nanosToMs(record.timeUnixNano) ?? (eventTs ? Date.parse(eventTs) || null : null) ?? nanosToMs(record.observedTimeUnixNano) ?? ctx.receivedAt;
  const traceId = idHex(record.traceId);
  return {
    attrs,
    ts,
    timeKey: nanosKey(record.timeUnixNano) || nanosKey(record.observedTimeUnixNano) || String(ts),
    level: levelOf(toNumber(record.severityNumber), record.severityText),
    body: bodyText(record.body),
    sessionId: sessionOf(ctx, attrs, ts, traceId),
    project: projectOf(attrs),
    sequence: str(attrs, 'event.sequence'),
    traceId,
    spanId: idHex(record.spanId),
  };
}

/** The bare event name: `event.name`, the LogRecord eventName field, or a `claude_code.*` body. */
function eventName(record: OtlpLogRecord, view: LogRecordView): string | null {
  const name = str(view.attrs, 'event.name') ?? (record.eventName || null) ?? (view.body?.startsWith('claude_code.') ? view.body : null);
  return name ? name.replace(/^claude_code\./, '') : null;
}

const LOG_MAPPED = new Set(['session.id']);

function logEvent(view: LogRecordView, name: string | null, ctx: ResourceContext): CanonicalEvent {
  // a retried batch re-sends identical records: the id is a function of the record's content
  const id = view.sequence
    ? eventId('otel', 'event', view.sessionId, name ?? '', view.sequence)
    : eventId('otel', 'log', view.sessionId, view.timeKey, view.level ?? '', view.body ?? '', view.traceId ?? '', view.spanId ?? '', JSON.stringify(view.attrs));
  const event = baseEvent(ctx, id, 'log', view.ts, view.sessionId, view.project);
  event.level = view.level ?? (name && /error|exhausted|refusal/.test(name) ? 'error' : 'info');
  event.text = excerpt(view.body ?? name);
  const attrs = keptAttrs(view.attrs, LOG_MAPPED) ?? {};
  if (name) attrs.eventName = name;
  if (view.traceId) attrs.traceId = view.traceId;
  if (view.spanId) attrs.spanId = view.spanId;
  event.attrs = Object.keys(attrs).length ? attrs : null;
  return event;
}
