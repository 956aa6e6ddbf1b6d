import { z } from 'zod';
import { canonicalEvent } from '../../core/event.js';

/** The most events one request may carry. */
export const MAX_EVENTS_PER_REQUEST = 10_000;

/** The source every event-API event is stored with (the payload endpoint reads files only for 'transcript'). */
export const API_SOURCE = 'api';

/** The agent an event is stored with when the client names none. */
export const DEFAULT_AGENT = 'app';

/**
 * What a client may send: the canonical event (src/core/event.ts) with the fields the server can
 * fill in made optional, plus `key` (a natural key the id is derived from). `sourcePath` and
 * `sourceOffset` belong to file-reading sources and are not accepted here; `text` may be longer
 * than the stored excerpt (it is clipped, not refused).
 */
export const apiEventInput = canonicalEvent
  .omit({ sourcePath: true, sourceOffset: true })
  .extend({
    id: z.string().min(1).max(128).optional(),
    key: z.string().min(1).max(512).optional().describe('natural key: the id is derived from it (and the owner) when id is absent'),
    teamId: z.string().min(1).optional(),
    userId: z.string().min(1).optional(),
    visibility: canonicalEvent.shape.visibility.optional(),
    agent: canonicalEvent.shape.agent.optional(),
    source: z.literal(API_SOURCE).optional().describe("always 'api'; may be omitted"),
    text: z.string().nullish(),
  })
  .strict();

export type ApiEventInput = z.infer<typeof apiEventInput>;
