import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireKeyScope } from '../../people/authorize.js';
import { callerPrincipal } from './ingest-owner.js';
import { demoStatus, loadDemo, removeDemo } from '../../demo/service.js';
import type { ServerDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { recordAudit } from '../../people/audit.js';

const tags = ['demo'];

/**
 * Demo data for a first run (src/demo/): GET says whether it is loaded, POST generates and imports
 * it (replacing an earlier load), DELETE removes every demo event and session. Changing it needs an
 * admin (the local user is one).
 */
export function registerDemoRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const demoDeps = { store: deps.store, ingest: deps.ingest, home: deps.config.home };

  app.get('/api/v1/demo', { schema: { summary: 'Whether demo data is loaded: {loaded, sessions, events, loadedAt, sessionIds}', tags } }, async () => demoStatus(deps.store));

  app.post('/api/v1/demo', { schema: { summary: 'Generate and import demo sessions (ending now)', tags } }, async (request) => {
    requireAdmin(request);
    const loaded = await loadDemo(demoDeps);
    await auditDemo(deps, request, 'demo.load');
    return loaded;
  });

  app.delete('/api/v1/demo', { schema: { summary: 'Remove every demo event and session', tags } }, async (request) => {
    requireAdmin(request);
    const removed = await removeDemo(demoDeps);
    await auditDemo(deps, request, 'demo.delete');
    return { ...removed, ...(await demoStatus(deps.store)) };
  });
}

function requireAdmin(request: FastifyRequest): void {
  const principal = callerPrincipal(request);
  if (principal.role !== 'admin') throw new ApiError('forbidden', 'loading or removing demo data needs an admin');
  // a read-only API key changes nothing, even an admin's
  requireKeyScope(principal, 'ingest');
}

function auditDemo(deps: ServerDeps, request: FastifyRequest, action: string): Promise<void> {
  const principal = callerPrincipal(request);
  return deps.store.transaction((db) => recordAudit(db, { teamId: principal.teamId, actorId: principal.userId, action, resource: 'demo', result: 'ok', client: principal.client }));
}
