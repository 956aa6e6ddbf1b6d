import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../deps.js';
import { ApiError, notFound } from '../errors.js';
import { jsonSchemaOf } from '../openapi.js';
import { KEY_SCOPES } from '../../people/api-keys.js';
import type { Principal } from '../../people/principal.js';
import { recordAudit } from '../../people/audit.js';
import { createApiKey, findApiKey, listApiKeys, presentKey, revokeApiKey } from '../../people/repo/api-keys.js';
import { requirePrincipal, requireTeamMode } from '../auth/sign-in.js';
import { sweepCredentialsNow } from '../auth/live-watch.js';

const createBody = z.object({
  name: z.string().trim().min(1).max(200),
  scopes: z.array(z.enum(KEY_SCOPES)).min(1).max(KEY_SCOPES.length),
  /** a team key (admins only): belongs to no person, acts as a member of the team */
  team: z.boolean().optional(),
}).strict();

/**
 * API keys (docs/people.md "Roles"): everyone manages their own; admins also the team's keys.
 * Viewers may only create read keys. The secret is in the creation response only.
 */
export function registerKeyRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const tags = ['keys'];
  app.get('/api/v1/keys', { schema: { summary: 'Your API keys (admins: and the team keys); never their secrets', tags } }, async (request) => {
    const principal = keyManager(deps, request);
    const keys = await listApiKeys(deps.store.reads, { teamId: principal.teamId, userId: principal.userId, withTeamKeys: principal.role === 'admin' });
    return { keys: keys.map(presentKey) };
  });

  app.post('/api/v1/keys', { schema: { summary: 'Create an API key; the response holds its secret, shown this once', tags, body: jsonSchemaOf(createBody) } }, async (request, reply) => {
    const principal = keyManager(deps, request);
    const body = createBody.parse(request.body);
    if (body.team && principal.role !== 'admin') throw new ApiError('forbidden', 'only admins create team keys', 'team');
    if (principal.role === 'viewer' && body.scopes.some((scope) => scope !== 'read')) throw new ApiError('forbidden', 'viewers may create read-only keys only', 'scopes');
    const created = await deps.store.transaction(async (db) => {
      const result = await createApiKey(db, { teamId: principal.teamId, userId: body.team ? null : principal.userId, name: body.name, scopes: [...new Set(body.scopes)], createdBy: principal.userId });
      await recordAudit(db, { teamId: principal.teamId, actorId: principal.userId, action: 'key.create', resource: `key:${result.key.id}`, result: 'ok', client: principal.client, detail: { scopes: result.key.scopes, team: body.team === true } });
      return result;
    });
    return reply.code(201).send({ key: presentKey(created.key), secret: created.secret });
  });

  app.delete('/api/v1/keys/:id', { schema: { summary: 'Revoke an API key at once (open live connections using it close too)', tags } }, async (request, reply) => {
    const principal = keyManager(deps, request);
    const { id } = request.params as { id: string };
    const key = await findApiKey(deps.store.reads, id);
    const mayRevoke = key && key.teamId === principal.teamId && (key.userId === principal.userId || (key.userId === null && principal.role === 'admin'));
    if (!key || !mayRevoke) throw notFound(`no API key ${id} of yours`);
    await deps.store.transaction(async (db) => {
      await revokeApiKey(db, id);
      await recordAudit(db, { teamId: principal.teamId, actorId: principal.userId, action: 'key.revoke', resource: `key:${id}`, result: 'ok', client: principal.client });
    });
    await sweepCredentialsNow(request);
    return reply.code(204).send();
  });
}

/** Keys are managed by signed-in people: a key minting keys would outlive its own revocation. */
function keyManager(deps: ServerDeps, request: FastifyRequest): Principal {
  requireTeamMode(deps);
  const principal = requirePrincipal(request);
  if (principal.via !== 'cookie') throw new ApiError('forbidden', 'sign in to manage API keys (an API key cannot)');
  return principal;
}
