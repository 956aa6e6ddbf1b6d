import type { SqlSession } from '../../store/sql/session.js';
import { toNumber } from '../../store/sql/rows.js';
import { parseKey, secretMatches } from '../../people/api-keys.js';
import type { ClientKind, Principal, Role } from '../../people/principal.js';
import { findApiKey } from '../../people/repo/api-keys.js';
import type { SessionClaims } from './session.js';

/** How a request proved who it is; live sockets keep it to be re-checked while they stay open. */
export type Credential = { kind: 'cookie'; claims: SessionClaims; cookie: string } | { kind: 'key'; keyId: string };

/** The pseudo-user a team key (user_id NULL) acts as: it owns what the key ingests and sees team rows. */
export const teamKeyUser = (teamId: string) => `team:${teamId}`;

function principalOf(userId: string, teamId: string, role: Role, via: Principal['via'], client: ClientKind, extra: Partial<Principal> = {}): Principal {
  return { userId, teamId, role, via, client, ...extra, scope: { userId, teamId, role, allOfTeam: false } };
}

/**
 * A session cookie's principal: re-reads the account and membership by primary key, so a disabled
 * user, a bumped session_epoch or a lost membership is refused on the very next request.
 */
export async function principalFromSession(db: SqlSession, claims: SessionClaims, client: ClientKind): Promise<Principal | null> {
  const [row] = await db.all(
    `SELECT u.disabled, u.session_epoch, m.role FROM users u JOIN memberships m ON m.user_id = u.id AND m.team_id = $2 WHERE u.id = $1`,
    [claims.uid, claims.tid],
  );
  if (!row || row.disabled === true || toNumber(row.session_epoch) !== claims.epoch) return null;
  return principalOf(claims.uid, claims.tid, String(row.role) as Role, 'cookie', client);
}

/** An API key's principal: unknown, wrong secret, revoked, or a disabled / departed owner → null. */
export async function principalFromKey(db: SqlSession, presented: string, client: ClientKind): Promise<{ principal: Principal; keyId: string } | null> {
  const parsed = parseKey(presented);
  const key = parsed ? await findApiKey(db, parsed.id) : null;
  if (!parsed || !key || key.revokedAt !== null || !secretMatches(parsed.secret, key.secretHash)) return null;
  const extra = { keyId: key.id, keyScopes: key.scopes };
  if (key.userId === null) return { principal: principalOf(teamKeyUser(key.teamId), key.teamId, 'member', 'key', client, extra), keyId: key.id };
  const [owner] = await db.all(
    'SELECT u.disabled, m.role FROM users u JOIN memberships m ON m.user_id = u.id AND m.team_id = $2 WHERE u.id = $1',
    [key.userId, key.teamId],
  );
  if (!owner || owner.disabled === true) return null;
  return { principal: principalOf(key.userId, key.teamId, String(owner.role) as Role, 'key', client, extra), keyId: key.id };
}

/** Is this credential still good? (the live-socket watch asks this twice a second). */
export async function credentialStillValid(db: SqlSession, credential: Credential): Promise<boolean> {
  if (credential.kind === 'cookie') return (await principalFromSession(db, credential.claims, 'web')) !== null;
  const [row] = await db.all(
    `SELECT k.revoked_at, k.user_id, u.disabled, m.role FROM api_keys k
       LEFT JOIN users u ON u.id = k.user_id LEFT JOIN memberships m ON m.user_id = k.user_id AND m.team_id = k.team_id
      WHERE k.id = $1`,
    [credential.keyId],
  );
  if (!row || row.revoked_at !== null) return false;
  return row.user_id === null || (row.disabled !== true && row.role !== null);
}
