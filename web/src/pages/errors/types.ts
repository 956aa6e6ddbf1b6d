/** The answer of GET /api/v1/errors (docs/api.md). */
export type ErrorType = 'error' | 'api_error' | 'tool_error';

export interface ErrorSeriesPoint {
  bucket: number;
  key: string;
  count: number;
}

export interface RecurringError {
  pattern: string;
  type: ErrorType | string;
  count: number;
  sessions: number;
  firstSeen: number;
  lastSeen: number;
  example: string;
}

export interface ErrorRow {
  id: string;
  ts: number;
  sessionId: string;
  type: ErrorType | string;
  toolName: string | null;
  message: string;
}

export interface ErrorsAnswer {
  bucket: 'hour' | 'day';
  byTool: ErrorSeriesPoint[];
  byType: ErrorSeriesPoint[];
  recurring: RecurringError[];
  recent: { items: ErrorRow[]; nextCursor: string | null };
}
