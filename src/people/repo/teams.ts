import type { Row, SqlSession } from '../../store/sql/session.js';
import { toNumber } from '../../store/sql/rows.js';
import { newId } from './ids.js';

export interface TeamRow {
  id: string;
  name: string;
  /** JSON text; its schema belongs to people/settings.ts */
  settings: string;
  createdAt: number;
}

const toTeam = (row: Row): TeamRow => ({ id: String(row.id), name: String(row.name), settings: String(row.settings), createdAt: toNumber(row.created_at) });

export async function createTeam(db: SqlSession, input: { name: string; settings?: string }, now = Date.now()): Promise<TeamRow> {
  const team: TeamRow = { id: newId(), name: input.name.trim(), settings: input.settings ?? '{}', createdAt: now };
  await db.run('INSERT INTO teams (id, name, settings, created_at) VALUES ($1, $2, $3, $4)', [team.id, team.name, team.settings, now]);
  return team;
}

export async function getTeam(db: SqlSession, id: string): Promise<TeamRow | null> {
  const [row] = await db.all('SELECT id, name, settings, created_at FROM teams WHERE id = $1', [id]);
  return row ? toTeam(row) : null;
}

export async function listTeams(db: SqlSession): Promise<TeamRow[]> {
  return (await db.all('SELECT id, name, settings, created_at FROM teams ORDER BY created_at')).map(toTeam);
}

/** Rename and/or replace the settings JSON text. */
export async function updateTeam(db: SqlSession, id: string, change: { name?: string; settings?: string }): Promise<boolean> {
  const team = await getTeam(db, id);
  if (!team) return false;
  await db.run('UPDATE teams SET name = $2, settings = $3 WHERE id = $1', [id, change.name?.trim() ?? team.name, change.settings ?? team.settings]);
  return true;
}

/** One key of the settings JSON, tolerating a malformed document (treated as empty). */
export function teamSetting(team: TeamRow, key: string): unknown {
  try {
    const parsed = JSON.parse(team.settings) as Record<string, unknown> | null;
    return parsed && typeof parsed === 'object' ? parsed[key] : undefined;
  } catch {
    return undefined;
  }
}
