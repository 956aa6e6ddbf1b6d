import type { OtlpMapping } from './collect.js';
import type { OtlpOwner } from './context.js';
import { logsToEvents } from './logs.js';
import { metricsToEvents } from './metrics.js';
import type { OtlpSignal } from './proto.js';
import { tracesToEvents } from './spans.js';

export { decodeOtlpRequest, OtlpDecodeError, signalName, type OtlpEncoding } from './decode.js';
export { otlpTypes, encodeStatus, type OtlpSignal } from './proto.js';
export { rejectionMessage, type OtlpMapping } from './collect.js';
export type { OtlpOwner } from './context.js';

/**
 * A decoded OTLP request (JSON mapping or protobufjs message) → canonical events of one owner.
 * @example otlpToEvents('logs', decodeOtlpRequest('logs', 'json', body), localOwner, Date.now()).events
 */
export function otlpToEvents(signal: OtlpSignal, request: Record<string, unknown>, owner: OtlpOwner, receivedAt: number): OtlpMapping {
  if (signal === 'logs') return logsToEvents(request, owner, receivedAt);
  if (signal === 'metrics') return metricsToEvents(request, owner, receivedAt);
  return tracesToEvents(request, owner, receivedAt);
}
