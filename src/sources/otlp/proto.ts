import { createRequire } from 'node:module';

/**
 * The official OTLP protobuf schema (opentelemetry-proto), as the static protobufjs code that
 * @opentelemetry/otlp-transformer 0.57 generates from it. The package's SDK parts are never loaded:
 * only this module, which needs protobufjs/minimal. Pinned exactly, since this path is internal.
 */
const GENERATED_ROOT = '@opentelemetry/otlp-transformer/build/src/generated/root.js';

/** What we use of a generated message type. */
export interface ProtoType {
  decode(reader: Uint8Array): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  fromObject(object: unknown): unknown;
}

export type OtlpSignal = 'logs' | 'metrics' | 'traces';

interface SignalTypes {
  request: ProtoType;
  response: ProtoType;
}

let cached: Record<OtlpSignal, SignalTypes> | undefined;

/** Request and response types per signal; loaded on first use so `serve` starts without them. */
export function otlpTypes(signal: OtlpSignal): SignalTypes {
  if (!cached) {
    const root = createRequire(import.meta.url)(GENERATED_ROOT) as { opentelemetry: { proto: { collector: Record<string, { v1: Record<string, ProtoType> }> } } };
    const collector = root.opentelemetry.proto.collector;
    cached = {
      logs: { request: collector.logs.v1.ExportLogsServiceRequest, response: collector.logs.v1.ExportLogsServiceResponse },
      metrics: { request: collector.metrics.v1.ExportMetricsServiceRequest, response: collector.metrics.v1.ExportMetricsServiceResponse },
      traces: { request: collector.trace.v1.ExportTraceServiceRequest, response: collector.trace.v1.ExportTraceServiceResponse },
    };
  }
  return cached[signal];
}

/**
 * google.rpc.Status { int32 code = 1; string message = 2; } in protobuf. Two fields: written by hand
 * rather than shipping a second schema.
 */
export function encodeStatus(code: number, message: string): Uint8Array {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08]), varint(code), Buffer.from([0x12]), varint(text.length), text]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value >>> 0;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
