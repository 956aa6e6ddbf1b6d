import type { CanonicalEvent } from '../core/event.js';

/**
 * attrs that are facts about a call, never its content: ids, versions, statuses, counts, timings.
 * Everything else (outputExcerpt, title, error bodies, …) is dropped by `--redact`; an allow-list, so
 * a key a future parser adds stays on the machine until someone decides it is safe.
 */
const SAFE_ATTRS = new Set([
  'cwd',
  'gitBranch',
  'version',
  'uuid',
  'agentId',
  'entrypoint',
  'requestId',
  'messageId',
  'stopReason',
  'serviceTier',
  'toolUseId',
  'promptId',
  'permissionMode',
  'resultOffset',
  'interrupted',
  'status',
  'apiErrorStatus',
  'retryAttempt',
  'maxRetries',
  'retryInMs',
  'trigger',
  'preTokens',
  'postTokens',
  'durationMs',
  'subtype',
  'type',
  'titleKind',
]);

/**
 * `--redact`: the event without prompt text, tool inputs and outputs, or message text. Tokens,
 * models, costs, timings, tool names, statuses and exit codes stay: they are what the team views need.
 * @example redactEvent(promptEvent).text // null
 */
export function redactEvent(event: CanonicalEvent): CanonicalEvent {
  const redacted: CanonicalEvent = { ...event, text: null };
  if (event.attrs) {
    const attrs: Record<string, unknown> = {};
    for (const key in event.attrs) if (SAFE_ATTRS.has(key) && isScalar(event.attrs[key])) attrs[key] = event.attrs[key];
    attrs.redacted = true;
    redacted.attrs = attrs;
  } else redacted.attrs = { redacted: true };
  return redacted;
}

/** Only scalars pass: an object-valued attr could carry anything. */
function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}
