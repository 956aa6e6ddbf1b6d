/** Shapes of the team, members, invites and keys answers (src/server/routes/team.ts, keys.ts). */
import type { Role } from '../../lib/auth';

export type Visibility = 'private' | 'team' | 'public';
export type AlertSeverity = 'warning' | 'high' | 'critical';

export interface Budget {
  dayUsd: number | null;
  monthUsd: number | null;
  dayTokens: number | null;
  monthTokens: number | null;
}

export interface TeamSettings {
  profile: { name: string; description: string };
  openSignup: boolean;
  defaultVisibility: Visibility;
  budgets: { team: Budget; users: Record<string, Budget> };
  alerts: { contextPct: number; errorRatePct: number; slowServiceMs: number };
  notifications: { webhookUrl?: string; minSeverity: AlertSeverity };
}

export interface TeamAnswer {
  team: { id: string; name: string };
  role: Role;
  settings: TeamSettings;
}

export interface Member {
  userId: string;
  email: string | null;
  name: string;
  role: Role;
  disabled: boolean;
  memberSince: number;
  lastLoginAt: number | null;
}

export interface Invite {
  id: string;
  email: string | null;
  role: Role;
  status: 'open' | 'accepted' | 'revoked' | 'expired';
  createdAt: number;
  expiresAt: number;
}

export interface ApiKey {
  id: string;
  userId: string | null;
  name: string;
  scopes: Array<'ingest' | 'read'>;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** a team key: belongs to no person */
  team: boolean;
}

/** A change to the settings: a deep partial, `null` removes a user budget or the webhook. */
export type SettingsPatch = Record<string, unknown>;
export type SaveSettings = (patch: SettingsPatch) => Promise<void>;
