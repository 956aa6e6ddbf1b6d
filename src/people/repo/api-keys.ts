import type { Row, SqlSession } from '../../store/sql/session.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import { generateKey, KEY_SCOPES, type KeyScope } from '../api-keys.js';

export interface ApiKeyRow {
  id: string;
  teamId: string;
  /** null: a team key (admins create them; acts as a member of the team) */
  userId: string | null;
  name: string;
  scopes: KeyScope[];
  /** SHA-256 of the secret: never leaves the server (see presentKey) */
  secretHash: string;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const COLUMNS = 'id, team_id, user_id, name, scopes, secret_hash, created_by, created_at, last_used_at, revoked_at';

function toKey(row: Row): ApiKeyRow {
  const scopes = (JSON.parse(String(row.scopes)) as string[]).filter((s): s is KeyScope => (KEY_SCOPES as readonly string[]).includes(s));
  return {
    id: String(row.id), teamId: String(row.team_id), userId: row.user_id == null ? null : String(row.user_id), name: String(row.name), scopes,
    secretHash: String(row.secret_hash), createdBy: String(row.created_by), createdAt: toNumber(row.created_at),
    lastUsedAt: toNumberOrNull(row.last_used_at), revokedAt: toNumberOrNull(row.revoked_at),
  };
}

/** A new key; `secret` is the full `sl_<id>_<secret>`, returned this once and never stored. */
export async function createApiKey(
  db: SqlSession,
  input: { teamId: string; userId: string | null; name: string; scopes: readonly KeyScope[]; createdBy: string },
  now = Date.now(),
): Promise<{ key: ApiKeyRow; secret: string }> {
  const generated = generateKey();
  const key: ApiKeyRow = { id: generated.id, teamId: input.teamId, userId: input.userId, name: input.name.trim(), scopes: [...input.scopes], secretHash: generated.secretHash, createdBy: input.createdBy, createdAt: now, lastUsedAt: null, revokedAt: null };
  await db.run(`INSERT INTO api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)`,
    [key.id, key.teamId, key.userId, key.name, JSON.stringify(key.scopes), key.secretHash, key.createdBy, now]);
  return { key, secret: generated.key };
}

export async function findApiKey(db: SqlSession, id: string): Promise<ApiKeyRow | null> {
  const [row] = await db.all(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  return row ? toKey(row) : null;
}

/** A user's own keys, plus the team's keys when `withTeamKeys` (admins); revoked ones included, newest first. */
export async function listApiKeys(db: SqlSession, filter: { teamId: string; userId: string; withTeamKeys?: boolean }): Promise<ApiKeyRow[]> {
  const teamKeys = filter.withTeamKeys ? ' OR user_id IS NULL' : '';
  const rows = await db.all(`SELECT ${COLUMNS} FROM api_keys WHERE team_id = $1 AND (user_id = $2${teamKeys}) ORDER BY created_at DESC`, [filter.teamId, filter.userId]);
  return rows.map(toKey);
}

export async function revokeApiKey(db: SqlSession, id: string, now = Date.now()): Promise<boolean> {
  return (await db.run('UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now])) > 0;
}

/** Writes last_used_at at most once a minute per key: a busy ingest key must not turn every request into a write. */
export async function touchKeyLastUsed(db: SqlSession, id: string, now = Date.now()): Promise<boolean> {
  return (await db.run('UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)', [id, now, now - 60_000])) > 0;
}

/** The JSON shape of a key: everything but the hash. */
export function presentKey(key: ApiKeyRow) {
  const { secretHash: _hidden, ...shown } = key;
  return { ...shown, team: key.userId === null };
}
