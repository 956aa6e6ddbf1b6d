import type { Row, SqlSession } from '../../store/sql/session.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import { newId, normalizeEmail } from './ids.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  /** scrypt hash (people/passwords.ts); null for an account that has not set one */
  passwordHash: string | null;
  disabled: boolean;
  /** bumped by logout-everywhere and password changes: session cookies carry it */
  sessionEpoch: number;
  createdAt: number;
  lastLoginAt: number | null;
}

const COLUMNS = 'id, email, name, password_hash, disabled, session_epoch, created_at, last_login_at';

export function toUser(row: Row): UserRow {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    passwordHash: row.password_hash == null ? null : String(row.password_hash),
    disabled: row.disabled === true,
    sessionEpoch: toNumber(row.session_epoch),
    createdAt: toNumber(row.created_at),
    lastLoginAt: toNumberOrNull(row.last_login_at),
  };
}

/** A new enabled account. The email is stored normalized; a duplicate violates the UNIQUE constraint. */
export async function createUser(db: SqlSession, input: { email: string; name: string; passwordHash: string | null }, now = Date.now()): Promise<UserRow> {
  const user: UserRow = { id: newId(), email: normalizeEmail(input.email), name: input.name.trim(), passwordHash: input.passwordHash, disabled: false, sessionEpoch: 1, createdAt: now, lastLoginAt: null };
  await db.run(`INSERT INTO users (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)`, [user.id, user.email, user.name, user.passwordHash, false, user.sessionEpoch, now]);
  return user;
}

export async function findUserByEmail(db: SqlSession, email: string): Promise<UserRow | null> {
  const [row] = await db.all(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [normalizeEmail(email)]);
  return row ? toUser(row) : null;
}

export async function findUserById(db: SqlSession, id: string): Promise<UserRow | null> {
  const [row] = await db.all(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ? toUser(row) : null;
}

/** Every account, oldest first (the CLI's `user list`; routes list a team's members instead). */
export async function listUsers(db: SqlSession): Promise<UserRow[]> {
  return (await db.all(`SELECT ${COLUMNS} FROM users ORDER BY created_at, email`)).map(toUser);
}

export async function countUsers(db: SqlSession): Promise<number> {
  const [row] = await db.all('SELECT COUNT(*) AS n FROM users');
  return toNumber(row?.n);
}

/** Disabling also bumps the epoch, so no cookie issued before survives a later re-enable. */
export async function setUserDisabled(db: SqlSession, id: string, disabled: boolean): Promise<boolean> {
  const bump = disabled ? ', session_epoch = session_epoch + 1' : '';
  return (await db.run(`UPDATE users SET disabled = $2${bump} WHERE id = $1`, [id, disabled])) > 0;
}

/** A new password signs the account out everywhere (session_epoch + 1). */
export async function setPassword(db: SqlSession, id: string, passwordHash: string): Promise<boolean> {
  return (await db.run('UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1 WHERE id = $1', [id, passwordHash])) > 0;
}

/** Logout everywhere: every session cookie of the account stops working. */
export async function bumpSessionEpoch(db: SqlSession, id: string): Promise<void> {
  await db.run('UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1', [id]);
}

export async function setUserName(db: SqlSession, id: string, name: string): Promise<void> {
  await db.run('UPDATE users SET name = $2 WHERE id = $1', [id, name.trim()]);
}

export async function recordLogin(db: SqlSession, id: string, now = Date.now()): Promise<void> {
  await db.run('UPDATE users SET last_login_at = $2 WHERE id = $1', [id, now]);
}
