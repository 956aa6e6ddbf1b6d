import type { OtlpAnyValue, OtlpKeyValue } from './values.js';

/**
 * The OTLP request shapes we read, field names as in the proto3 JSON mapping (which are also the
 * property names of protobufjs-decoded messages). Every field may be absent: senders omit defaults.
 */
type Maybe<T> = T | null | undefined;

export interface OtlpResource {
  attributes?: Maybe<OtlpKeyValue[]>;
}

export interface OtlpScope {
  name?: Maybe<string>;
  version?: Maybe<string>;
}

export interface OtlpLogRecord {
  timeUnixNano?: unknown;
  observedTimeUnixNano?: unknown;
  severityNumber?: unknown;
  severityText?: Maybe<string>;
  body?: Maybe<OtlpAnyValue>;
  attributes?: Maybe<OtlpKeyValue[]>;
  traceId?: unknown;
  spanId?: unknown;
  eventName?: Maybe<string>;
}

export interface OtlpLogsRequest {
  resourceLogs?: Maybe<Array<{ resource?: Maybe<OtlpResource>; scopeLogs?: Maybe<Array<{ scope?: Maybe<OtlpScope>; logRecords?: Maybe<OtlpLogRecord[]> }>> }>>;
}

export interface OtlpNumberDataPoint {
  attributes?: Maybe<OtlpKeyValue[]>;
  startTimeUnixNano?: unknown;
  timeUnixNano?: unknown;
  asDouble?: unknown;
  asInt?: unknown;
  /** histogram and summary points */
  count?: unknown;
  sum?: unknown;
}

interface OtlpPoints {
  dataPoints?: Maybe<OtlpNumberDataPoint[]>;
  aggregationTemporality?: unknown;
  isMonotonic?: Maybe<boolean>;
}

export interface OtlpMetric {
  name?: Maybe<string>;
  unit?: Maybe<string>;
  gauge?: Maybe<OtlpPoints>;
  sum?: Maybe<OtlpPoints>;
  histogram?: Maybe<OtlpPoints>;
  exponentialHistogram?: Maybe<OtlpPoints>;
  summary?: Maybe<OtlpPoints>;
}

export interface OtlpMetricsRequest {
  resourceMetrics?: Maybe<Array<{ resource?: Maybe<OtlpResource>; scopeMetrics?: Maybe<Array<{ scope?: Maybe<OtlpScope>; metrics?: Maybe<OtlpMetric[]> }>> }>>;
}

export interface OtlpSpan {
  traceId?: unknown;
  spanId?: unknown;
  parentSpanId?: unknown;
  name?: Maybe<string>;
  kind?: unknown;
  startTimeUnixNano?: unknown;
  endTimeUnixNano?: unknown;
  attributes?: Maybe<OtlpKeyValue[]>;
  status?: Maybe<{ code?: unknown; message?: Maybe<string> }>;
}

export interface OtlpTracesRequest {
  resourceSpans?: Maybe<Array<{ resource?: Maybe<OtlpResource>; scopeSpans?: Maybe<Array<{ scope?: Maybe<OtlpScope>; spans?: Maybe<OtlpSpan[]> }>> }>>;
}

/** Items of a list that may be absent or, in hostile JSON, not a list at all. */
export function listOf<T>(value: Maybe<T[]> | unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
