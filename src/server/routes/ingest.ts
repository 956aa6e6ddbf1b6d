import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalizeRoot } from '../../sources/claude-code/discover.js';
import type { ServerDeps } from '../deps.js';
import { requireIngest, requireRole } from '../../people/authorize.js';
import type { Principal } from '../../people/principal.js';
import { callerPrincipal, isTeamMode } from './ingest-owner.js';

const importBody = z.object({ roots: z.array(z.string().min(1)).max(64).optional() }).strict();

/** Ingest control: `sightline import` talks to these while serve holds the store. */
export function registerIngestRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/api/v1/ingest/status', { schema: { summary: 'Continuous ingestion state', tags: ['ingest'] } }, async () => deps.ingest.status());

  app.post('/api/v1/ingest/import', { schema: { summary: 'Import transcripts now (incremental)', tags: ['ingest'] } }, async (request, reply) => {
    requireServerImport(callerPrincipal(request));
    const parsed = importBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply.code(400).send({ error: { code: 'bad_request', message: issue.message, field: issue.path.join('.') || 'body' } });
    }
    return deps.ingest.importNow(parsed.data.roots?.map(normalizeRoot));
  });
}

/** Team mode: importing reads the server's own disk, so only an admin (with an ingest-capable credential) may. */
function requireServerImport(principal: Principal): void {
  if (!isTeamMode(principal)) return;
  requireIngest(principal);
  requireRole(principal, 'admin');
}
