import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { eventsOfBody } from '../../sources/events-api/envelope.js';
import { ingestApiEvents } from '../../sources/events-api/ingest.js';
import { ApiEventWriter } from '../../sources/events-api/writer.js';
import { MAX_EVENTS_PER_REQUEST, apiEventInput } from '../../sources/events-api/schema.js';
import type { ServerDeps } from '../deps.js';
import { jsonSchemaOf } from '../openapi.js';
import type { CanonicalEvent } from '../../core/event.js';
import { ingestOwner, inheritSessionVisibility } from './ingest-owner.js';

const batchBody = z.union([z.object({ events: z.array(apiEventInput).max(MAX_EVENTS_PER_REQUEST) }).strict(), z.array(apiEventInput).max(MAX_EVENTS_PER_REQUEST)]);

const schema = {
  summary: 'Ingest a batch of canonical events (any LLM application)',
  description: 'Up to 10,000 events; each is validated on its own. 200 when all were stored, 207 when some were rejected (the rest stored). See docs/event-api.md.',
  tags: ['ingest'],
  body: jsonSchemaOf(batchBody),
};

/**
 * POST /api/v1/events: the event API. Validation is per event and ours (zod): the body's JSON
 * schema above only documents it, so Fastify's validator is switched off in this plugin.
 */
export async function registerEventApiRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const writer = new ApiEventWriter(deps, (error) => app.log.error({ err: error }, 'event API follow-up (session refresh, live publish) failed'));
  await app.register(async (api) => {
    api.setValidatorCompiler(() => (data: unknown) => ({ value: data }));
    api.post('/api/v1/events', { schema }, async (request, reply) => {
      const owner = await ingestOwner(request, deps.store);
      const prepare = (events: CanonicalEvent[]) => inheritSessionVisibility(deps.store, owner, events);
      const result = await ingestApiEvents(deps.store, writer, request.scope, eventsOfBody(request.body), { defaultVisibility: owner.visibility, prepare });
      return reply.code(result.rejected.length ? 207 : 200).send(result);
    });
  });
}
