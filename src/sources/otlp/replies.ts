import type { OtlpEncoding } from './decode.js';
import { encodeStatus, otlpTypes, type OtlpSignal } from './proto.js';

/** The body and content type of an OTLP/HTTP reply, in the encoding of the request. */
export interface OtlpReply {
  contentType: string;
  body: string | Uint8Array;
}

const REJECTED_FIELD: Record<OtlpSignal, string> = { logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints', traces: 'rejectedSpans' };

const CONTENT_TYPE: Record<OtlpEncoding, string> = { json: 'application/json', protobuf: 'application/x-protobuf' };

/**
 * Export<Signal>ServiceResponse: partial_success stays unset when nothing was rejected (the spec's
 * "full success"); otherwise it carries the count and why, and the client must not retry.
 */
export function exportReply(signal: OtlpSignal, encoding: OtlpEncoding, rejected: number, errorMessage: string): OtlpReply {
  const response = rejected > 0 ? { partialSuccess: { [REJECTED_FIELD[signal]]: rejected, errorMessage } } : {};
  if (encoding === 'protobuf') {
    const type = otlpTypes(signal).response;
    return { contentType: CONTENT_TYPE.protobuf, body: type.encode(type.fromObject(response)).finish() };
  }
  // int64 is a decimal string in the JSON mapping
  const json = rejected > 0 ? { partialSuccess: { [REJECTED_FIELD[signal]]: String(rejected), errorMessage } } : {};
  return { contentType: CONTENT_TYPE.json, body: JSON.stringify(json) };
}

/** gRPC codes for google.rpc.Status, by HTTP status. */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 429: 8, 500: 13, 503: 14 };

/**
 * An error reply: google.rpc.Status (code, message). JSON replies also carry Sightline's error envelope,
 * so API clients read them like any other error.
 */
export function statusReply(encoding: OtlpEncoding, httpStatus: number, code: string, message: string): OtlpReply {
  const grpcCode = GRPC_CODE[httpStatus] ?? 2;
  if (encoding === 'protobuf') return { contentType: CONTENT_TYPE.protobuf, body: encodeStatus(grpcCode, message) };
  return { contentType: CONTENT_TYPE.json, body: JSON.stringify({ code: grpcCode, message, error: { code, message } }) };
}
