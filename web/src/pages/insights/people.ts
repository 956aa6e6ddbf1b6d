import { useMemo } from 'react';
import { useAuth, type Me } from '../../lib/auth';
import { useApi } from '../../lib/use-api';

export interface Member {
  userId: string;
  name: string;
  email: string | null;
  role: string;
}

/** The caller (lib/auth.tsx); `canWrite`: admins and members post, vote and comment, viewers read. */
export function useMe(): { me: Me | null; canWrite: boolean } {
  const { me } = useAuth();
  return { me, canWrite: me !== null && me.role !== 'viewer' };
}

/**
 * The team's members and a display name for any user id: a member's name (team mode), "Local user" in
 * local mode, else a short id. A failed members request just leaves ids showing.
 */
export function useUserNames(): { members: Member[]; nameOf: (userId: string | null) => string } {
  const state = useApi<{ items: Member[] }>('/team/members');
  return useMemo(() => {
    const members = state.data?.items ?? [];
    const names = new Map(members.map((m) => [m.userId, m.name || m.email || m.userId]));
    const nameOf = (userId: string | null) => (userId === null ? '–' : names.get(userId) ?? (userId === 'local' ? 'Local user' : userId.length > 12 ? `${userId.slice(0, 8)}…` : userId));
    return { members, nameOf };
  }, [state.data]);
}
