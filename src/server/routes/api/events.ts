import type { FastifyInstance } from 'fastify';
import { eventPayload } from '../../../analytics/views/events.js';
import type { ServerDeps } from '../../deps.js';
import { jsonSchemaOf } from '../../openapi.js';
import { idParams } from './query.js';
import { callerScope } from './reply.js';

/** GET /events/:id: the stored event and its original transcript line(s). */
export function registerEventRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const schema = { summary: 'One event with its full payload', tags: ['events'], params: jsonSchemaOf(idParams) };
  api.get('/events/:id', { schema }, async (request) => {
    const { id } = idParams.parse(request.params);
    return eventPayload(deps.store, callerScope(request), id);
  });
}
