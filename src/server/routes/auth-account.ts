import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { jsonSchemaOf } from '../openapi.js';
import type { Principal } from '../../people/principal.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../people/passwords.js';
import { recordAudit } from '../../people/audit.js';
import { bumpSessionEpoch, createUser, findUserByEmail, findUserById, setPassword, setUserName } from '../../people/repo/users.js';
import { getTeam, listTeams, teamSetting } from '../../people/repo/teams.js';
import { addMembership } from '../../people/repo/memberships.js';
import { acceptInvite, findInviteByToken, inviteProblem } from '../../people/repo/invites.js';
import { currentCsrfToken, endSession, requirePrincipal, requireSameOrigin, requireTeamMode, startSession, teamSecret } from '../auth/sign-in.js';
import { sweepCredentialsNow } from '../auth/live-watch.js';

const registerBody = z.object({
  inviteToken: z.string().max(200).optional(),
  email: z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address'),
  name: z.string().trim().min(1).max(200),
  password: z.string().max(512),
}).strict();
const meUpdate = z.object({ name: z.string().trim().min(1).max(200).optional(), password: z.string().max(512).optional(), currentPassword: z.string().max(512).optional() }).strict();

/** Who the caller is, as GET /auth/me answers (also the body of login, setup and register). */
export async function meBody(deps: ServerDeps, request: FastifyRequest, principal: Principal, secret: string | null) {
  const base = { role: principal.role, via: principal.via, csrfToken: secret ? currentCsrfToken(request, principal, secret) : null };
  if (principal.via === 'local-token') return { ...base, user: { id: principal.userId, email: null, name: 'Local user' }, team: { id: principal.teamId, name: 'Local' } };
  const [user, team] = await Promise.all([findUserById(deps.store.reads, principal.userId), getTeam(deps.store.reads, principal.teamId)]);
  const shownUser = user ? { id: user.id, email: user.email, name: user.name } : { id: principal.userId, email: null, name: 'Team API key' };
  return { ...base, user: shownUser, team: { id: principal.teamId, name: team?.name ?? '' } };
}

/** Register (by invite or open sign-up), GET/PUT /auth/me, logout everywhere. */
export function registerAccountRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const tags = ['auth'];
  app.get('/api/v1/auth/me', { schema: { summary: 'The signed-in user, team, role, and the CSRF token for changes', tags } }, async (request) => {
    return meBody(deps, request, requirePrincipal(request), deps.config.mode === 'team' ? await teamSecret(deps) : null);
  });

  app.put('/api/v1/auth/me', { schema: { summary: 'Change your name or password (the password needs currentPassword)', tags, body: jsonSchemaOf(meUpdate) } }, async (request, reply) => {
    requireTeamMode(deps);
    const principal = requireCookiePrincipal(request);
    const body = meUpdate.parse(request.body);
    const secret = await teamSecret(deps);
    if (body.name) await deps.store.transaction((db) => setUserName(db, principal.userId, body.name!));
    if (body.password === undefined) return meBody(deps, request, principal, secret);
    await changePassword(deps, principal, body.password, body.currentPassword);
    const user = (await findUserById(deps.store.reads, principal.userId))!;
    const csrfToken = startSession(reply, request, user, principal.teamId, secret); // this browser stays signed in; all others are out
    await sweepCredentialsNow(request);
    return { ...(await meBody(deps, request, principal, null)), csrfToken };
  });

  app.post('/api/v1/auth/logout-all', { schema: { summary: 'Sign out every browser of this account', tags } }, async (request, reply) => {
    requireTeamMode(deps);
    const principal = requireCookiePrincipal(request);
    await deps.store.transaction(async (db) => {
      await bumpSessionEpoch(db, principal.userId);
      await recordAudit(db, { teamId: principal.teamId, actorId: principal.userId, action: 'logout.all', resource: `user:${principal.userId}`, result: 'ok', client: principal.client });
    });
    endSession(reply, request);
    await sweepCredentialsNow(request);
    return reply.code(204).send();
  });

  app.post('/api/v1/auth/register', { schema: { summary: 'Create an account by invite, or by open sign-up when the team allows it (public)', tags, body: jsonSchemaOf(registerBody) } }, async (request, reply) => {
    requireTeamMode(deps);
    requireSameOrigin(request);
    const body = registerBody.parse(request.body);
    const problem = passwordProblem(body.password);
    if (problem) throw new ApiError('bad_request', `password: ${problem}`, 'password');
    const passwordHash = await hashPassword(body.password);
    const { user, teamId, role } = await createRegisteredUser(deps, body, passwordHash);
    const csrfToken = startSession(reply, request, user, teamId, await teamSecret(deps));
    const principal: Principal = { userId: user.id, teamId, role, via: 'cookie', client: 'web', scope: { userId: user.id, teamId, role, allOfTeam: false } };
    return reply.code(201).send({ ...(await meBody(deps, request, principal, null)), csrfToken });
  });
}

function requireCookiePrincipal(request: FastifyRequest): Principal {
  const principal = requirePrincipal(request);
  if (principal.via !== 'cookie') throw new ApiError('forbidden', 'sign in with your password to change your account (API keys cannot)');
  return principal;
}

async function changePassword(deps: ServerDeps, principal: Principal, password: string, currentPassword: string | undefined): Promise<void> {
  const user = await findUserById(deps.store.reads, principal.userId);
  if (!user || currentPassword === undefined || !user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new ApiError('forbidden', 'currentPassword is missing or wrong', 'currentPassword');
  }
  const problem = passwordProblem(password);
  if (problem) throw new ApiError('bad_request', `password: ${problem}`, 'password');
  const hash = await hashPassword(password);
  await deps.store.transaction(async (db) => {
    await setPassword(db, user.id, hash);
    await recordAudit(db, { teamId: principal.teamId, actorId: user.id, action: 'password.change', resource: `user:${user.id}`, result: 'ok', client: principal.client });
  });
}

/** The account, its membership and the used invite in one transaction: an invite is good once. */
async function createRegisteredUser(deps: ServerDeps, body: z.infer<typeof registerBody>, passwordHash: string) {
  return deps.store.transaction(async (db) => {
    if (await findUserByEmail(db, body.email)) throw new ApiError('conflict', 'an account with this email exists: sign in instead', 'email');
    const invite = body.inviteToken ? await findInviteByToken(db, body.inviteToken) : null;
    if (body.inviteToken && !invite) throw new ApiError('bad_request', 'this invite link is not valid', 'inviteToken');
    const problem = invite ? inviteProblem(invite, body.email) : null;
    if (problem) throw new ApiError('bad_request', problem, 'inviteToken');
    const team = invite ? await getTeam(db, invite.teamId) : (await listTeams(db)).find((t) => teamSetting(t, 'openSignup') === true);
    if (!team) throw new ApiError('forbidden', 'sign-up is by invitation only: ask an admin for an invite link');
    const user = await createUser(db, { email: body.email, name: body.name, passwordHash });
    const role = invite?.role ?? 'member';
    await addMembership(db, { teamId: team.id, userId: user.id, role });
    if (invite && !(await acceptInvite(db, invite.id, user.id))) throw new ApiError('conflict', 'this invite was just used', 'inviteToken');
    await recordAudit(db, { teamId: team.id, actorId: user.id, action: 'register', resource: `user:${user.id}`, result: 'ok', client: 'web', detail: { invite: invite?.id ?? null } });
    return { user, teamId: team.id, role };
  });
}
