import type { Dialect } from '../../store/sql/dialect.js';
import { byteOrder } from '../../store/sql/dialect.js';
import type { SqlParams } from '../../store/sql/params.js';
import { InvalidFilter } from './errors.js';

export type SortOrder = 'asc' | 'desc';

/** What a list view takes besides filters. `limit` is checked by the caller (1–1000). */
export interface PageRequest {
  limit: number;
  cursor?: string;
  order?: SortOrder;
}

/** One page of a list; pass `nextCursor` back as `cursor` for the next page (null: no more rows). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The position after a row: its sort value and its id (the tie-break). Opaque to clients. */
export type CursorKey = [value: number | string | null, id: string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const [value, id] = key;
    if (Array.isArray(key) && key.length === 2 && typeof id === 'string' && (value === null || ['number', 'string'].includes(typeof value))) {
      return [value, id];
    }
  } catch {
    // fall through: any malformed cursor is the client's error
  }
  throw new InvalidFilter('cursor', 'cursor is not one this API handed out');
}

/**
 * Keyset condition "rows after the cursor" for ORDER BY sortExpr <order>, idExpr <order>.
 * Sort values are never null here: callers sort on coalesced columns.
 */
export function afterCursorSql(params: SqlParams, dialect: Dialect, cursor: string | undefined, sortExpr: string, idExpr: string, order: SortOrder): string | null {
  if (!cursor) return null;
  const [value, id] = decodeCursor(cursor);
  const op = order === 'asc' ? '>' : '<';
  const v = params.add(value);
  return `(${sortExpr} ${op} ${v} OR (${sortExpr} = ${v} AND ${byteOrder(dialect, idExpr)} ${op} ${params.add(id)}))`;
}

/** ORDER BY clause matching afterCursorSql. */
export function keysetOrderSql(dialect: Dialect, sortExpr: string, idExpr: string, order: SortOrder): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  return `${sortExpr} ${dir}, ${byteOrder(dialect, idExpr)} ${dir}`;
}

/** Rows fetched with LIMIT limit+1 → a page whose cursor points after the last row kept. */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => CursorKey, present: (row: R) => T): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  return { items: kept.map(present), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
