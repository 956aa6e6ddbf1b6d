import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { canonicalEvent, type CanonicalEvent, type Visibility } from '../core/event.js';
import { ApiError, badRequest } from '../server/errors.js';
import { MAX_INFLATED_BYTES, MAX_PUSH_EVENTS } from './wire.js';

const gunzipAsync = promisify(gunzip);

/** Who the pushed events belong to, whatever the agent wrote in them. */
export interface PushOwner {
  teamId: string;
  userId: string;
  visibility: Visibility;
}

/** The request body as bytes: gunzipped when `content-encoding: gzip`, refused for other encodings. */
export async function inflateBody(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  const coding = (encoding ?? 'identity').trim().toLowerCase();
  if (coding === 'identity') return body;
  if (coding !== 'gzip') throw new ApiError('unsupported_media_type', `content-encoding '${coding}' is not supported: send gzip or nothing`, 'content-encoding');
  try {
    return await gunzipAsync(body, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ApiError('payload_too_large', `the push inflates to more than ${MAX_INFLATED_BYTES} bytes`, 'body');
    throw badRequest(`the body is not valid gzip: ${(error as Error).message}`, 'body');
  }
}

/**
 * NDJSON → canonical events stamped with the owner, each checked against the core schema.
 * The first bad line refuses the push, naming `lines.<n>.<field>` (n from 0): the agent validates
 * with the same schema before sending, so a refusal means a version mismatch worth hearing about.
 */
export function parsePushLines(ndjson: Buffer, owner: PushOwner): CanonicalEvent[] {
  const lines = ndjson.toString('utf8').split('\n');
  const events: CanonicalEvent[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (!line) continue;
    if (events.length >= MAX_PUSH_EVENTS) throw new ApiError('payload_too_large', `at most ${MAX_PUSH_EVENTS} events per push`, 'body');
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw badRequest(`line ${n} is not JSON`, `lines.${n}`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest(`line ${n} is not a JSON object`, `lines.${n}`);
    const parsed = canonicalEvent.safeParse({ ...raw, ...owner });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = [`lines.${n}`, ...issue.path.map(String)].join('.');
      throw badRequest(`'${field}': ${issue.message}`, field);
    }
    events.push(parsed.data);
  }
  return events;
}
