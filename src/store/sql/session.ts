/** A result row keyed by column name, as both drivers return it. */
export type Row = Record<string, unknown>;

/**
 * The least each store's connection offers to shared SQL code (migrations, reads, session roll-ups).
 * Placeholders are `$1, $2, …` in both dialects.
 */
export interface SqlSession {
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}
