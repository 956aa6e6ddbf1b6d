import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { jsonSchemaOf } from '../openapi.js';
import { FailureThrottle } from '../../people/throttle.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../people/passwords.js';
import { recordAudit } from '../../people/audit.js';
import { countUsers, createUser, findUserByEmail, recordLogin, type UserRow } from '../../people/repo/users.js';
import { createTeam, listTeams, teamSetting } from '../../people/repo/teams.js';
import { addMembership, membershipsOfUser } from '../../people/repo/memberships.js';
import { endSession, requireSameOrigin, requireTeamMode, startSession, teamSecret } from '../auth/sign-in.js';
import { registerAccountRoutes, meBody } from './auth-account.js';
import { registerKeyRoutes } from './keys.js';

const WINDOW_MS = 15 * 60 * 1000;
const email = z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');
const password = z.string().max(512).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const setupBody = z.object({ teamName: z.string().trim().min(1).max(200), email, name: z.string().trim().min(1).max(200), password }).strict();
const loginBody = z.object({ email: z.string().max(320), password: z.string().max(512) }).strict();

/**
 * Team-mode sign-in (docs/people.md): state, first-run setup, login (throttled), logout; account
 * routes and API keys register from here too. In local mode only /auth/state and /auth/me answer.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const perAccount = new FailureThrottle(5, WINDOW_MS);
  const perAddress = new FailureThrottle(20, WINDOW_MS);
  const tags = ['auth'];

  app.get('/api/v1/auth/state', { schema: { summary: 'Mode, whether setup is needed, open sign-up, and who is signed in (public)', tags } }, async (request) => {
    if (deps.config.mode !== 'team') return { mode: 'local', needsSetup: false, openSignup: false, user: { id: request.principal.userId, email: null, name: 'Local user' } };
    const [users, teams] = await Promise.all([countUsers(deps.store.reads), listTeams(deps.store.reads)]);
    const user = request.principal ? (await meBody(deps, request, request.principal, await teamSecret(deps))).user : null;
    return { mode: 'team', needsSetup: users === 0, openSignup: teams.some((team) => teamSetting(team, 'openSignup') === true), user };
  });

  app.post('/api/v1/auth/setup', { schema: { summary: 'First run: create the first team and its admin, signed in (public until a user exists)', tags, body: jsonSchemaOf(setupBody) } }, async (request, reply) => {
    requireTeamMode(deps);
    requireSameOrigin(request);
    const body = setupBody.parse(request.body);
    const passwordHash = await hashPassword(body.password);
    const { user, teamId } = await deps.store.transaction(async (db) => {
      if (deps.store.kind === 'postgres') await db.run('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE'); // two first visits at once: one wins
      if ((await countUsers(db)) > 0) throw new ApiError('conflict', 'setup is done already: sign in');
      const team = await createTeam(db, { name: body.teamName });
      const created = await createUser(db, { email: body.email, name: body.name, passwordHash });
      await addMembership(db, { teamId: team.id, userId: created.id, role: 'admin' });
      await recordAudit(db, { teamId: team.id, actorId: created.id, action: 'setup', resource: `team:${team.id}`, result: 'ok', client: 'web' });
      return { user: created, teamId: team.id };
    });
    return signedIn(deps, request, reply.code(201), user, teamId);
  });

  app.post('/api/v1/auth/login', { schema: { summary: 'Sign in with email and password (sets the session cookie); throttled', tags, body: jsonSchemaOf(loginBody) } }, async (request, reply) => {
    requireTeamMode(deps);
    requireSameOrigin(request);
    const body = loginBody.parse(request.body);
    const throttleKeys = { account: `account:${body.email.trim().toLowerCase()}`, address: `address:${request.ip}` };
    const waitMs = Math.max(perAccount.retryAfterMs(throttleKeys.account), perAddress.retryAfterMs(throttleKeys.address));
    if (waitMs > 0) {
      await auditRefusal(deps, request, reply, body.email, 'throttled');
      reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
      throw new ApiError('too_many_requests', `too many failed sign-ins; try again in ${Math.ceil(waitMs / 60000)} minute(s)`);
    }
    const found = await checkPassword(deps, body.email, body.password);
    if (!found) {
      perAccount.fail(throttleKeys.account);
      perAddress.fail(throttleKeys.address);
      await auditRefusal(deps, request, reply, body.email, 'bad credentials');
      throw new ApiError('unauthorized', 'wrong email or password');
    }
    perAccount.clear(throttleKeys.account);
    await deps.store.transaction((db) => recordLogin(db, found.user.id));
    await audit(deps, request, reply, found.teamId, found.user.id, 'ok');
    return signedIn(deps, request, reply, found.user, found.teamId);
  });

  app.post('/api/v1/auth/logout', { schema: { summary: 'Sign out this browser (clears the session cookie)', tags } }, async (request, reply) => {
    requireSameOrigin(request);
    endSession(reply, request);
    return reply.code(204).send();
  });

  registerAccountRoutes(app, deps);
  registerKeyRoutes(app, deps);
}

/** Same work whether or not the account exists, so timing does not tell which emails have one. */
let dummyHash: Promise<string> | null = null;
async function checkPassword(deps: ServerDeps, emailGiven: string, passwordGiven: string): Promise<{ user: UserRow; teamId: string } | null> {
  const user = await findUserByEmail(deps.store.reads, emailGiven);
  dummyHash ??= hashPassword('sightline-no-such-account');
  const ok = await verifyPassword(passwordGiven, user?.passwordHash ?? (await dummyHash));
  if (!user || !ok || user.disabled) return null;
  const [membership] = await membershipsOfUser(deps.store.reads, user.id);
  return membership ? { user, teamId: membership.teamId } : null;
}

async function signedIn(deps: ServerDeps, request: FastifyRequest, reply: FastifyReply, user: UserRow, teamId: string) {
  const secret = await teamSecret(deps);
  const csrfToken = startSession(reply, request, user, teamId, secret);
  const [membership] = (await membershipsOfUser(deps.store.reads, user.id)).filter((m) => m.teamId === teamId);
  const principal = { userId: user.id, teamId, role: membership.role, via: 'cookie' as const, client: 'web' as const, scope: { userId: user.id, teamId, role: membership.role, allOfTeam: false } };
  return { ...(await meBody(deps, request, principal, secret)), csrfToken };
}

function audit(deps: ServerDeps, request: FastifyRequest, reply: FastifyReply, teamId: string | null, actorId: string | null, result: 'ok' | 'denied', detail?: object, resource?: string) {
  const durationMs = Math.round(reply.elapsedTime);
  return deps.store.transaction((db) => recordAudit(db, { teamId, actorId, action: 'login', resource, result, durationMs, client: 'web', detail: { ip: request.ip, ...detail } }));
}

/** A refused sign-in to an existing account is filed under that account's team, so its admins see attacks on it. */
async function auditRefusal(deps: ServerDeps, request: FastifyRequest, reply: FastifyReply, email: string, reason: string) {
  const user = await findUserByEmail(deps.store.reads, email);
  const [membership] = user ? await membershipsOfUser(deps.store.reads, user.id) : [];
  return audit(deps, request, reply, membership?.teamId ?? null, null, 'denied', { reason, email }, user ? `user:${user.id}` : undefined);
}
