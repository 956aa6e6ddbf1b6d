import type { Row, SqlSession } from '../../store/sql/session.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Role } from '../principal.js';
import { toUser, type UserRow } from './users.js';

export interface MembershipRow {
  teamId: string;
  userId: string;
  role: Role;
  createdAt: number;
}

export interface MemberRow extends MembershipRow {
  user: UserRow;
}

const toMembership = (row: Row): MembershipRow => ({ teamId: String(row.team_id), userId: String(row.user_id), role: String(row.role) as Role, createdAt: toNumber(row.created_at) });

export async function addMembership(db: SqlSession, input: { teamId: string; userId: string; role: Role }, now = Date.now()): Promise<MembershipRow> {
  await db.run('INSERT INTO memberships (team_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)', [input.teamId, input.userId, input.role, now]);
  return { ...input, createdAt: now };
}

export async function findMembership(db: SqlSession, teamId: string, userId: string): Promise<MembershipRow | null> {
  const [row] = await db.all('SELECT team_id, user_id, role, created_at FROM memberships WHERE team_id = $1 AND user_id = $2', [teamId, userId]);
  return row ? toMembership(row) : null;
}

/** The teams a user belongs to, oldest membership first (login picks the first). */
export async function membershipsOfUser(db: SqlSession, userId: string): Promise<MembershipRow[]> {
  return (await db.all('SELECT team_id, user_id, role, created_at FROM memberships WHERE user_id = $1 ORDER BY created_at', [userId])).map(toMembership);
}

/** A team's members with their accounts, by name. */
export async function listMembers(db: SqlSession, teamId: string): Promise<MemberRow[]> {
  const rows = await db.all(
    `SELECT m.team_id, m.user_id, m.role, m.created_at AS member_since,
            u.id, u.email, u.name, u.password_hash, u.disabled, u.session_epoch, u.created_at, u.last_login_at
       FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.team_id = $1 ORDER BY u.name, u.email`,
    [teamId],
  );
  return rows.map((row) => ({ ...toMembership({ ...row, created_at: row.member_since }), user: toUser(row) }));
}

export async function setRole(db: SqlSession, teamId: string, userId: string, role: Role): Promise<boolean> {
  return (await db.run('UPDATE memberships SET role = $3 WHERE team_id = $1 AND user_id = $2', [teamId, userId, role])) > 0;
}

export async function removeMembership(db: SqlSession, teamId: string, userId: string): Promise<boolean> {
  return (await db.run('DELETE FROM memberships WHERE team_id = $1 AND user_id = $2', [teamId, userId])) > 0;
}

/** How many admins a team has: the last one may not be demoted or removed. */
export async function countAdmins(db: SqlSession, teamId: string): Promise<number> {
  const [row] = await db.all("SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1 AND m.role = 'admin' AND u.disabled = FALSE", [teamId]);
  return toNumber(row?.n);
}
