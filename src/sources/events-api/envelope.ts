import { badRequest } from '../../server/errors.js';
import { MAX_EVENTS_PER_REQUEST } from './schema.js';

/**
 * The events of a request body: `{ events: [...] }` or a bare array. Anything else, or more than
 * MAX_EVENTS_PER_REQUEST events, is a 400 for the whole request (per-event problems are not).
 */
export function eventsOfBody(body: unknown): unknown[] {
  const events = Array.isArray(body) ? body : envelopeEvents(body);
  if (events.length > MAX_EVENTS_PER_REQUEST) {
    throw badRequest(`at most ${MAX_EVENTS_PER_REQUEST} events per request, got ${events.length}: split the batch`, 'events');
  }
  return events;
}

function envelopeEvents(body: unknown): unknown[] {
  if (body === null || typeof body !== 'object') throw badRequest('the body must be a JSON object { "events": [...] } or an array of events', 'body');
  const extra = Object.keys(body).find((key) => key !== 'events');
  if (extra !== undefined) throw badRequest(`unknown field '${extra}': the body holds only 'events'`, extra);
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) throw badRequest("'events' must be an array of events", 'events');
  return events;
}
