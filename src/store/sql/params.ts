import type { Scope } from '../../core/scope.js';

/**
 * Collects bind values and hands out `$n` placeholders, which both DuckDB and PostgreSQL accept.
 *
 * @example const p = new SqlParams(); const sql = `SELECT * FROM events WHERE id = ${p.add(id)}`; query(sql, p.values)
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** `$1, $2, …` for an IN list */
  list(values: readonly unknown[]): string {
    return values.map((v) => this.add(v)).join(', ');
  }
}

/**
 * The visibility rule every read applies: rows of the caller's team that are the caller's own,
 * shared with the team or public, or all of the team's rows when the scope allows it.
 */
export function scopeSql(params: SqlParams, scope: Scope, alias = ''): string {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  const team = `${col('team_id')} = ${params.add(scope.teamId)}`;
  if (scope.allOfTeam) return team;
  return `${team} AND (${col('user_id')} = ${params.add(scope.userId)} OR ${col('visibility')} IN ('team', 'public'))`;
}

/** A LIMIT value that is safe to inline: a whole number within [1, max]. */
export function clampLimit(limit: number | undefined, fallback: number, max = 100_000): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}
