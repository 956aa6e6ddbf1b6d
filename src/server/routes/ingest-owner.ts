import type { FastifyRequest } from 'fastify';
import type { CanonicalEvent } from '../../core/event.js';
import { localOwner, localScope } from '../../core/scope.js';
import { requireIngest } from '../../people/authorize.js';
import type { Principal } from '../../people/principal.js';
import { readTeamSettings, type Visibility } from '../../people/settings.js';
import { sessionVisibilities } from '../../store/sql/set-visibility.js';
import type { Store } from '../../store/store.js';

/**
 * Who owns what an ingest route receives (docs/people.md "Ownership of ingested data"): in local
 * mode the local user, as always; in team mode the principal's team and user, and the team's
 * `defaultVisibility` — after `requireIngest` (members and admins, keys with the ingest scope).
 */
export interface IngestOwner {
  teamId: string;
  userId: string;
  visibility: Visibility;
}

const LOCAL_PRINCIPAL: Principal = { userId: localScope.userId, teamId: localScope.teamId, role: 'admin', via: 'local-token', client: 'web', scope: localScope };

/** The caller; a bare test app without the auth hook is the local user (as callerScope does). */
export function callerPrincipal(request: FastifyRequest): Principal {
  return (request as { principal?: Principal | null }).principal ?? LOCAL_PRINCIPAL;
}

export function isTeamMode(principal: Principal): boolean {
  return principal.via !== 'local-token';
}

/** A team's default visibility changes rarely and ingest is hot: keep it for a few seconds. */
const DEFAULT_TTL_MS = 5_000;
const defaults = new Map<string, { at: number; visibility: Promise<Visibility> }>();

/** Forget cached defaults (team settings changed). */
export function forgetDefaultVisibility(teamId: string): void {
  defaults.delete(teamId);
}

async function defaultVisibility(store: Store, teamId: string): Promise<Visibility> {
  const cached = defaults.get(teamId);
  if (cached && Date.now() - cached.at < DEFAULT_TTL_MS) return cached.visibility;
  const visibility = readTeamSettings(store.reads, teamId).then((s) => s.defaultVisibility);
  if (defaults.size > 1000) defaults.clear();
  defaults.set(teamId, { at: Date.now(), visibility });
  visibility.catch(() => defaults.delete(teamId));
  return visibility;
}

/** Authorize an ingest request and say who owns its events. */
export async function ingestOwner(request: FastifyRequest, store: Store): Promise<IngestOwner> {
  const principal = callerPrincipal(request);
  if (!isTeamMode(principal)) return { ...localOwner };
  requireIngest(principal);
  return { teamId: principal.teamId, userId: principal.userId, visibility: await defaultVisibility(store, principal.teamId) };
}

/**
 * New events of a session that is already stored take its visibility (a shared session stays shared
 * as it grows; a session's visibility is that of its latest event). Team mode only: local rows are
 * all the local user's.
 */
export async function inheritSessionVisibility(store: Store, owner: IngestOwner, events: CanonicalEvent[]): Promise<void> {
  if (owner.teamId === localOwner.teamId || events.length === 0) return;
  const known = await sessionVisibilities(store.reads, owner.teamId, events.map((e) => e.sessionId));
  if (known.size === 0) return;
  for (const event of events) {
    const visibility = event.teamId === owner.teamId ? known.get(event.sessionId) : undefined;
    if (visibility) event.visibility = visibility;
  }
}
