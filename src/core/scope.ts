/** Who is asking. Every read takes one; the store filters rows by it. */
export interface Scope {
  userId: string;
  teamId: string;
  role: 'admin' | 'member' | 'viewer';
  /** when true the caller sees every row of the team (local single-user mode, admins' team views) */
  allOfTeam: boolean;
}

/** The embedded mode has one local user in one local team. */
export const LOCAL_USER_ID = 'local';
export const LOCAL_TEAM_ID = 'local';

export const localScope: Scope = { userId: LOCAL_USER_ID, teamId: LOCAL_TEAM_ID, role: 'admin', allOfTeam: true };

/** The owner stamped on rows ingested in local mode. */
export const localOwner = { teamId: LOCAL_TEAM_ID, userId: LOCAL_USER_ID, visibility: 'private' as const };
