import type { FastifyInstance, FastifyRequest } from 'fastify';
import { inflateBody, parsePushLines } from '../../agent/decode-push.js';
import { listAgents, recordPush } from '../../agent/push-records.js';
import { AGENT_ID_HEADER, AGENT_ID_PATTERN, HOSTNAME_HEADER, MAX_PUSH_BYTES, NDJSON_TYPE, PUSH_PATH, STATUS_PATH } from '../../agent/wire.js';
import { mergeBatch } from '../../core/merge.js';
import { LOCAL_TEAM_ID } from '../../core/scope.js';
import { foreignIds } from '../../sources/events-api/ownership.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, badRequest } from '../errors.js';
import { callerPrincipal, ingestOwner, inheritSessionVisibility, type IngestOwner } from './ingest-owner.js';

const pushSchema = {
  summary: 'Agent push: gzip NDJSON of canonical events read from a developer\'s transcripts',
  description: `Body: canonical events, one JSON object per line (${NDJSON_TYPE}), content-encoding gzip. Headers ${AGENT_ID_HEADER} (required) and ${HOSTNAME_HEADER}. Events are stamped with the caller's team and user and the team's default visibility. See docs/agent.md.`,
  tags: ['ingest'],
};
const statusSchema = { summary: "The caller's agents (admins: the team's): last push, lag, errors, events pushed", tags: ['ingest'] };

/**
 * `sightline agent` pushes here. Pushes are idempotent (event ids are deterministic), so an agent
 * that lost an answer sends the same batch again and nothing is stored twice.
 */
export async function registerAgentRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register(async (scoped) => {
    // the raw (compressed) bytes; gunzip happens in the handler, bounded, so a bomb is a 413
    scoped.addContentTypeParser(NDJSON_TYPE, { parseAs: 'buffer', bodyLimit: MAX_PUSH_BYTES }, (_request, body, done) => done(null, body));
    scoped.post(PUSH_PATH, { schema: pushSchema }, async (request) => {
      const principal = callerPrincipal(request);
      const owner = await ingestOwner(request, deps.store); // authorizes (requireIngest) in team mode
      const agentId = agentIdOf(request);
      const hostname = headerText(request, HOSTNAME_HEADER)?.slice(0, 255) ?? null;
      const bytes = Buffer.isBuffer(request.body) ? request.body : null;
      const record = { agentId, hostname, events: 0, inserted: 0, bytes: bytes?.length ?? 0, lagMs: null };
      try {
        if (!bytes) throw new ApiError('unsupported_media_type', `send the events as ${NDJSON_TYPE}`, 'content-type');
        const ndjson = await inflateBody(bytes, headerText(request, 'content-encoding'));
        const result = await storePush(deps, request, owner, ndjson);
        await recordPush(deps.store, principal, { ...record, events: result.accepted, inserted: result.inserted, lagMs: result.lagMs, error: null });
        return { accepted: result.accepted, inserted: result.inserted, foreign: result.foreign };
      } catch (error) {
        await recordPush(deps.store, principal, { ...record, error: (error as Error).message || 'push failed' }).catch(() => undefined);
        throw error;
      }
    });
  });

  app.get(STATUS_PATH, { schema: statusSchema }, async (request) => ({ agents: await listAgents(deps.store, callerPrincipal(request)) }));
}

/** Parse, stamp, write, refresh, publish: the event API's path for one push. */
async function storePush(deps: ServerDeps, request: FastifyRequest, owner: IngestOwner, ndjson: Buffer) {
  const parsed = mergeBatch(parsePushLines(ndjson, owner));
  // an id another owner holds would merge into their row: skipped, as the event API does
  const foreign = owner.teamId === LOCAL_TEAM_ID ? new Set<string>() : await foreignIds(deps.store, callerPrincipal(request).scope, parsed.map((e) => e.id));
  const events = foreign.size ? parsed.filter((e) => !foreign.has(e.id)) : parsed;
  await inheritSessionVisibility(deps.store, owner, events);
  const { inserted } = events.length ? await deps.store.writeBatch(events) : { inserted: 0 };
  await deps.store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
  if (events.length) await deps.bus.publish(events).catch((error: unknown) => request.log.error({ err: error }, 'agent push: live publish failed'));
  const newest = events.reduce((max, e) => Math.max(max, e.ts), 0);
  return { accepted: events.length, inserted, foreign: foreign.size, lagMs: newest ? Date.now() - newest : null };
}

function agentIdOf(request: FastifyRequest): string {
  const agentId = headerText(request, AGENT_ID_HEADER);
  if (!agentId || !AGENT_ID_PATTERN.test(agentId)) throw badRequest(`header '${AGENT_ID_HEADER}' must be 8 to 64 characters of A-Z a-z 0-9 _ -`, AGENT_ID_HEADER);
  return agentId;
}

function headerText(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
