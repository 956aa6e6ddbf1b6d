import { clipText, type CanonicalEvent } from '../../core/event.js';
import { anyValue, type Attributes } from './values.js';

/** One log record, read: what the mappers need, whatever the encoding was. */
export interface LogRecordView {
  attrs: Attributes;
  /** event time, epoch ms */
  ts: number;
  /** a stable text of the record's time, for ids */
  timeKey: string;
  level: CanonicalEvent['level'];
  body: string | null;
  sessionId: string;
  project: string | null;
  /** Claude Code's event.sequence (monotonic per session), as text */
  sequence: string | null;
  traceId: string | null;
  spanId: string | null;
}

/** OTLP severity numbers (1–24) → our levels; 0 (unspecified) → null. */
export function levelOf(severityNumber: number | null, severityText?: string | null): CanonicalEvent['level'] {
  if (severityNumber && severityNumber > 0) {
    if (severityNumber <= 8) return 'debug';
    if (severityNumber <= 12) return 'info';
    if (severityNumber <= 16) return 'warning';
    return 'error';
  }
  const text = (severityText ?? '').toLowerCase();
  if (text.startsWith('warn')) return 'warning';
  if (text.startsWith('err') || text.startsWith('fatal')) return 'error';
  if (text.startsWith('debug') || text.startsWith('trace')) return 'debug';
  return text.startsWith('info') ? 'info' : null;
}

/** The body as text: strings as they are, structured bodies as JSON. */
export function bodyText(body: unknown): string | null {
  const value = anyValue(body as never);
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Text columns hold an excerpt; the record itself is not kept. */
export const excerpt = (text: string | null | undefined): string | null => clipText(text ?? null, 1000);
