import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { forgetAlertSettings } from '../../live/alert-settings.js';
import { recordAudit } from '../../people/audit.js';
import { requireRole } from '../../people/authorize.js';
import type { Principal } from '../../people/principal.js';
import { countAdmins, findMembership, listMembers, removeMembership, setRole, type MemberRow } from '../../people/repo/memberships.js';
import { createInvite, listInvites, revokeInvite, type InviteRow } from '../../people/repo/invites.js';
import { readTeamSettings, writeTeamSettings, type TeamSettings } from '../../people/settings.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { callerPrincipal, forgetDefaultVisibility, isTeamMode } from './ingest-owner.js';

const tags = ['team'];
const roleBody = z.strictObject({ role: z.enum(['admin', 'member', 'viewer']) });
const inviteBody = z.strictObject({ email: z.email().max(320).optional(), role: z.enum(['admin', 'member', 'viewer']).default('member') });
const userParams = z.object({ userId: z.string().min(1).max(256) });
const idParams = z.object({ id: z.string().min(1).max(256) });

/**
 * Team administration (docs/people.md "Roles"): the profile and settings everyone reads, members
 * and invites. Changes need an admin signed in as a person: an API key never administers a team.
 */
export function registerTeamRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { store } = deps;

  app.get('/api/v1/team', { schema: { summary: 'The team: profile, settings, budgets, alert thresholds', tags } }, async (request) => {
    const principal = callerPrincipal(request);
    const settings = await readTeamSettings(store.reads, principal.teamId);
    return { team: { id: principal.teamId, name: settings.profile.name }, role: principal.role, settings: visibleSettings(settings, principal) };
  });

  app.put('/api/v1/team', { schema: { summary: 'Change team settings (admin): a deep partial of the settings', tags } }, async (request) => {
    const principal = requireTeamAdmin(request);
    const settings = await store.transaction(async (db) => {
      const written = await writeTeamSettings(db, principal.teamId, request.body);
      await audit(db, principal, 'settings.update', `team:${principal.teamId}`, { fields: Object.keys(request.body as object) });
      return written;
    });
    forgetDefaultVisibility(principal.teamId);
    forgetAlertSettings(principal.teamId);
    return { team: { id: principal.teamId, name: settings.profile.name }, role: principal.role, settings };
  });

  app.get('/api/v1/team/members', { schema: { summary: 'Members of the team with their roles', tags } }, async (request) => {
    const principal = callerPrincipal(request);
    return { items: (await listMembers(store.reads, principal.teamId)).map(presentMember) };
  });

  app.put('/api/v1/team/members/:userId', { schema: { summary: "Change a member's role (admin; the last admin stays)", tags } }, async (request) => {
    const principal = requireTeamAdmin(request);
    const { userId } = userParams.parse(request.params);
    const { role } = roleBody.parse(request.body);
    return store.transaction(async (db) => {
      const member = await findMembership(db, principal.teamId, userId);
      if (!member) throw notFound(`no member '${userId}' in this team`);
      if (member.role === 'admin' && role !== 'admin') await keepOneAdmin(db, principal.teamId);
      await setRole(db, principal.teamId, userId, role);
      await audit(db, principal, 'member.role', `user:${userId}`, { from: member.role, to: role });
      return { userId, role };
    });
  });

  app.delete('/api/v1/team/members/:userId', { schema: { summary: 'Remove a member from the team (admin; the last admin stays)', tags } }, async (request) => {
    const principal = requireTeamAdmin(request);
    const { userId } = userParams.parse(request.params);
    return store.transaction(async (db) => {
      const member = await findMembership(db, principal.teamId, userId);
      if (!member) throw notFound(`no member '${userId}' in this team`);
      if (member.role === 'admin') await keepOneAdmin(db, principal.teamId);
      await removeMembership(db, principal.teamId, userId);
      await audit(db, principal, 'member.remove', `user:${userId}`, { role: member.role });
      return { removed: userId };
    });
  });

  registerInviteRoutes(app, deps);
}

function registerInviteRoutes(app: FastifyInstance, { store }: ServerDeps): void {
  app.get('/api/v1/team/invites', { schema: { summary: 'Invites of the team, newest first (admin)', tags } }, async (request) => {
    const principal = requireTeamAdmin(request);
    return { items: (await listInvites(store.reads, principal.teamId)).map(presentInvite) };
  });

  app.post('/api/v1/team/invites', { schema: { summary: 'Invite someone (admin): the link is in this response only', tags } }, async (request, reply) => {
    const principal = requireTeamAdmin(request);
    if (!isTeamMode(principal)) throw new ApiError('bad_request', 'invites need team mode (sightline serve --team)');
    const input = inviteBody.parse(request.body ?? {});
    const created = await store.transaction(async (db) => {
      const result = await createInvite(db, { teamId: principal.teamId, email: input.email ?? null, role: input.role, createdBy: principal.userId });
      await audit(db, principal, 'invite.create', `invite:${result.invite.id}`, { role: input.role, email: input.email ?? null });
      return result;
    });
    return reply.code(201).send({ invite: presentInvite(created.invite), url: `/register?invite=${encodeURIComponent(created.token)}` });
  });

  app.delete('/api/v1/team/invites/:id', { schema: { summary: 'Revoke an unused invite (admin)', tags } }, async (request) => {
    const principal = requireTeamAdmin(request);
    const { id } = idParams.parse(request.params);
    await store.transaction(async (db) => {
      if (!(await revokeInvite(db, principal.teamId, id))) throw notFound(`no open invite '${id}' in this team`);
      await audit(db, principal, 'invite.revoke', `invite:${id}`);
    });
    return { revoked: id };
  });
}

/** Admins, signed in as themselves: keys carry scopes for data, not for running the team. */
function requireTeamAdmin(request: FastifyRequest): Principal {
  const principal = callerPrincipal(request);
  if (principal.via === 'key') throw new ApiError('forbidden', 'API keys cannot administer the team; sign in');
  requireRole(principal, 'admin');
  return principal;
}

async function keepOneAdmin(db: Parameters<typeof countAdmins>[0], teamId: string): Promise<void> {
  if ((await countAdmins(db, teamId)) <= 1) throw new ApiError('conflict', 'the team needs at least one admin: make someone else admin first');
}

/** Budgets and thresholds are for everyone to see; the webhook URL may hold a secret, so only admins see it. */
function visibleSettings(settings: TeamSettings, principal: Principal): TeamSettings {
  if (principal.role === 'admin') return settings;
  const { webhookUrl: _hidden, ...notifications } = settings.notifications;
  return { ...settings, notifications };
}

function presentMember(member: MemberRow) {
  const { user } = member;
  return { userId: member.userId, email: user.email, name: user.name, role: member.role, disabled: user.disabled, memberSince: member.createdAt, lastLoginAt: user.lastLoginAt };
}

function presentInvite(invite: InviteRow) {
  const status = invite.revokedAt !== null ? 'revoked' : invite.acceptedAt !== null ? 'accepted' : invite.expiresAt <= Date.now() ? 'expired' : 'open';
  return { id: invite.id, email: invite.email, role: invite.role, status, createdBy: invite.createdBy, createdAt: invite.createdAt, expiresAt: invite.expiresAt, acceptedAt: invite.acceptedAt, revokedAt: invite.revokedAt };
}

function audit(db: Parameters<typeof recordAudit>[0], principal: Principal, action: string, resource: string, detail?: unknown): Promise<void> {
  return recordAudit(db, { teamId: principal.teamId, actorId: principal.userId, action, resource, result: 'ok', client: principal.client, detail });
}
