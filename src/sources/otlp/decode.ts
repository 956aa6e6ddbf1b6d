import { otlpTypes, type OtlpSignal } from './proto.js';

export type OtlpEncoding = 'json' | 'protobuf';

/** The body is not a valid OTLP request in the encoding it claims: answered with 400, never retried. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

const TOP_LEVEL: Record<OtlpSignal, string> = { logs: 'resourceLogs', metrics: 'resourceMetrics', traces: 'resourceSpans' };

/**
 * An Export<Signal>ServiceRequest from its bytes. JSON must be an object whose top-level list (if
 * present) is an array; protobuf goes through the official schema. An empty body is an empty request.
 */
export function decodeOtlpRequest(signal: OtlpSignal, encoding: OtlpEncoding, body: Uint8Array): Record<string, unknown> {
  if (body.length === 0) return {};
  return encoding === 'json' ? decodeJson(signal, body) : decodeProtobuf(signal, body);
}

function decodeJson(signal: OtlpSignal, body: Uint8Array): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`the body is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new OtlpDecodeError(`the body must be a JSON object with "${TOP_LEVEL[signal]}"`);
  const list = (parsed as Record<string, unknown>)[TOP_LEVEL[signal]];
  if (list != null && !Array.isArray(list)) throw new OtlpDecodeError(`"${TOP_LEVEL[signal]}" must be an array`);
  return parsed as Record<string, unknown>;
}

function decodeProtobuf(signal: OtlpSignal, body: Uint8Array): Record<string, unknown> {
  try {
    return otlpTypes(signal).request.decode(body) as Record<string, unknown>;
  } catch (error) {
    throw new OtlpDecodeError(`the body is not a valid protobuf Export${signalName(signal)}ServiceRequest: ${(error as Error).message}`);
  }
}

export function signalName(signal: OtlpSignal): string {
  return signal === 'logs' ? 'Logs' : signal === 'metrics' ? 'Metrics' : 'Trace';
}
