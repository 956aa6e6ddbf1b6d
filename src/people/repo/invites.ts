import type { Row, SqlSession } from '../../store/sql/session.js';
import { toNumber, toNumberOrNull } from '../../store/sql/rows.js';
import type { Role } from '../principal.js';
import { newId, newSecretToken, normalizeEmail, sha256Hex } from './ids.js';

export interface InviteRow {
  id: string;
  teamId: string;
  /** when set, only this address may accept */
  email: string | null;
  role: Role;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  acceptedBy: string | null;
  revokedAt: number | null;
}

/** Invites are good for 7 days unless the caller says otherwise. */
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const COLUMNS = 'id, team_id, email, role, created_by, created_at, expires_at, accepted_at, accepted_by, revoked_at';

function toInvite(row: Row): InviteRow {
  return {
    id: String(row.id),
    teamId: String(row.team_id),
    email: row.email == null ? null : String(row.email),
    role: String(row.role) as Role,
    createdBy: String(row.created_by),
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
    acceptedAt: toNumberOrNull(row.accepted_at),
    acceptedBy: row.accepted_by == null ? null : String(row.accepted_by),
    revokedAt: toNumberOrNull(row.revoked_at),
  };
}

/** A new invite; `token` is returned once (for the link) and only its SHA-256 is stored. */
export async function createInvite(
  db: SqlSession,
  input: { teamId: string; email?: string | null; role: Role; createdBy: string; ttlMs?: number },
  now = Date.now(),
): Promise<{ invite: InviteRow; token: string }> {
  const token = newSecretToken();
  const invite: InviteRow = {
    id: newId(), teamId: input.teamId, email: input.email ? normalizeEmail(input.email) : null, role: input.role, createdBy: input.createdBy,
    createdAt: now, expiresAt: now + (input.ttlMs ?? INVITE_TTL_MS), acceptedAt: null, acceptedBy: null, revokedAt: null,
  };
  await db.run(`INSERT INTO invites (${COLUMNS}, token_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL, $8)`,
    [invite.id, invite.teamId, invite.email, invite.role, invite.createdBy, now, invite.expiresAt, sha256Hex(token)]);
  return { invite, token };
}

/** The invite a token belongs to, whatever its state (see inviteUsable). */
export async function findInviteByToken(db: SqlSession, token: string): Promise<InviteRow | null> {
  const [row] = await db.all(`SELECT ${COLUMNS} FROM invites WHERE token_hash = $1`, [sha256Hex(token)]);
  return row ? toInvite(row) : null;
}

/** Why an invite cannot be used now, or null when it can. */
export function inviteProblem(invite: InviteRow, email: string, now = Date.now()): string | null {
  if (invite.revokedAt !== null) return 'this invite was revoked';
  if (invite.acceptedAt !== null) return 'this invite was already used';
  if (invite.expiresAt <= now) return 'this invite has expired; ask for a new one';
  if (invite.email && invite.email !== normalizeEmail(email)) return 'this invite is for another email address';
  return null;
}

/** Marks the invite used; false when someone else used (or revoked) it first. */
export async function acceptInvite(db: SqlSession, id: string, userId: string, now = Date.now()): Promise<boolean> {
  const changed = await db.run('UPDATE invites SET accepted_at = $2, accepted_by = $3 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL', [id, now, userId]);
  return changed > 0;
}

/** A team's invites, newest first (used, revoked and expired ones included: the page greys them). */
export async function listInvites(db: SqlSession, teamId: string): Promise<InviteRow[]> {
  return (await db.all(`SELECT ${COLUMNS} FROM invites WHERE team_id = $1 ORDER BY created_at DESC`, [teamId])).map(toInvite);
}

export async function revokeInvite(db: SqlSession, teamId: string, id: string, now = Date.now()): Promise<boolean> {
  return (await db.run('UPDATE invites SET revoked_at = $3 WHERE team_id = $1 AND id = $2 AND revoked_at IS NULL AND accepted_at IS NULL', [teamId, id, now])) > 0;
}
