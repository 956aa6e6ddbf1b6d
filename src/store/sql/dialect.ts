/** The two SQL dialects we speak. Most SQL is shared; these helpers hold the few real differences. */
export type Dialect = 'duckdb' | 'postgres';

/** SQL type for a JSON document: DuckDB's JSON is text underneath, PostgreSQL's JSONB is parsed and indexable. */
export function jsonType(dialect: Dialect): string {
  return dialect === 'duckdb' ? 'JSON' : 'JSONB';
}

/**
 * Byte-order text comparison, as JavaScript's `<` does for the merge tie-break.
 * PostgreSQL compares with the database's locale collation unless told otherwise; DuckDB is binary already.
 */
export function byteOrder(dialect: Dialect, expr: string): string {
  return dialect === 'postgres' ? `${expr} COLLATE "C"` : expr;
}

/**
 * The value of `expr` on the latest row (by ts, then id) where `filter` holds: "latest non-null cwd".
 * DuckDB has arg_max; PostgreSQL takes the head of an ordered array_agg.
 */
export function latest(dialect: Dialect, expr: string, filter: string): string {
  if (dialect === 'duckdb') return `arg_max(${expr}, row(ts, id)) FILTER (WHERE ${filter})`;
  return `(array_agg(${expr} ORDER BY ts DESC, id COLLATE "C" DESC) FILTER (WHERE ${filter}))[1]`;
}
