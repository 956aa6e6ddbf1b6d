import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CanonicalEvent } from '../../core/event.js';
import { ingestOwner, inheritSessionVisibility, type IngestOwner } from './ingest-owner.js';
import type { ServerDeps } from '../deps.js';
import { badRequest } from '../errors.js';
import { jsonSchemaOf } from '../openapi.js';
import { followUpQueue, ingestHooks, parseHook, storeAndPublish } from '../../sources/claude-code/hooks/ingest.js';
import type { ReceivedHook } from '../../sources/claude-code/hooks/payload.js';
import { statusLineEvent, statusLineFacts } from '../../sources/claude-code/hooks/statusline.js';
import { statusLineSummary, type StatusLineSummary } from '../../sources/claude-code/hooks/statusline-summary.js';

const RECEIVED_AT = 'x-sightline-received-at';
const DAY_START = 'x-sightline-day-start';
const MAX_BATCH = 1000;
/** How long a status-line cost summary is reused (today's cost moves slowly; the status line refreshes often). */
const SUMMARY_TTL_MS = 5_000;
/** Receipt times are believed from 2020 up to a day ahead (clock skew); anything else is a client bug. */
const EARLIEST = Date.UTC(2020, 0, 1);

const batchBody = z.object({
  items: z.array(z.object({ receivedAt: z.number().int(), payload: z.unknown() })).max(MAX_BATCH),
});

/**
 * Claude Code's live doors: hook payloads (`sightline hook` posts them; the batch route takes the
 * spool) and the status line. See formats.md §2 and §1.14, docs in the README.
 */
export function registerHookRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const followUp = followUpQueue(deps, (error) => app.log.error({ err: error }, 'hook follow-up (session refresh, live push) failed'));
  app.post('/api/v1/hooks/claude-code', { schema: { summary: 'Store one Claude Code hook payload', tags: ['hooks'] } }, async (request) => {
    const owner = await ingestOwner(request, deps.store);
    const parsed = parseHook(request.body, receivedAt(request, RECEIVED_AT));
    if (!parsed.ok) throw badRequest(parsed.message, parsed.field);
    const events = await ingestHooks(deps, [parsed.hook], owner, followUp, inherit(deps, owner));
    return { ok: true, events: events.length };
  });

  app.post('/api/v1/hooks/claude-code/batch', {
    schema: { summary: 'Store spooled hook payloads, each with its original receipt time', tags: ['hooks'], body: jsonSchemaOf(batchBody) },
  }, async (request) => {
    const owner = await ingestOwner(request, deps.store);
    const { items } = batchBody.parse(request.body);
    const hooks: ReceivedHook[] = [];
    const rejected: Array<{ index: number; field: string; message: string }> = [];
    items.forEach((item, index) => {
      const parsed = parseHook(item.payload, plausibleTime(item.receivedAt) ?? Date.now());
      if (parsed.ok) hooks.push(parsed.hook);
      else rejected.push({ index, field: `items.${index}.payload.${parsed.field}`, message: parsed.message });
    });
    const events = await ingestHooks(deps, hooks, owner, followUp, inherit(deps, owner));
    return { ok: true, events: events.length, rejected };
  });

  // Claude Code refreshes the status line often: keep one sample per session and minute, and
  // recompute the cost figures at most every few seconds per caller and day.
  const recentSamples = new Set<string>();
  const summaries = new Map<string, { at: number; summary: Promise<StatusLineSummary> }>();
  app.post('/api/v1/hooks/statusline', { schema: { summary: 'Status-line sample in; today\'s cost and 5-hour block out', tags: ['hooks'] } }, async (request) => {
    const owner = await ingestOwner(request, deps.store);
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the status-line payload must be a JSON object', 'body');
    const facts = statusLineFacts(body as Record<string, unknown>);
    const at = receivedAt(request, RECEIVED_AT);
    const event = statusLineEvent(body as Record<string, unknown>, facts, at, owner);
    if (event && !recentSamples.has(event.id)) {
      await inheritSessionVisibility(deps.store, owner, [event]);
      await storeAndPublish(deps, [event]);
      if (recentSamples.size > 10_000) recentSamples.clear();
      recentSamples.add(event.id);
    }
    const day = dayStart(request, at);
    const key = `${request.scope.teamId}\u0000${request.scope.userId}\u0000${day}`;
    let memo = summaries.get(key);
    if (!memo || Date.now() - memo.at > SUMMARY_TTL_MS) {
      memo = { at: Date.now(), summary: statusLineSummary(deps.store, request.scope, facts, day) };
      if (summaries.size > 1000) summaries.clear();
      summaries.set(key, memo);
      memo.summary.catch(() => summaries.delete(key));
    }
    const summary = await memo.summary;
    // the rate limits are this payload's own, not the memo's
    return { ...summary, fiveHourPct: facts.fiveHourPct, fiveHourResetsAt: facts.fiveHourResetsAt, sevenDayPct: facts.sevenDayPct };
  });
}

/** Team mode: hook events of a stored session take its visibility. */
function inherit(deps: ServerDeps, owner: IngestOwner) {
  return (events: CanonicalEvent[]) => inheritSessionVisibility(deps.store, owner, events);
}

/** The client's receipt time (a spooled payload replayed later keeps it), else now. */
function receivedAt(request: FastifyRequest, header: string): number {
  const value = request.headers[header];
  if (value === undefined) return Date.now();
  const at = plausibleTime(Number(value));
  if (at === null) throw badRequest(`header '${header}' must be epoch milliseconds`, header);
  return at;
}

function dayStart(request: FastifyRequest, now: number): number {
  const value = request.headers[DAY_START];
  const at = value === undefined ? null : plausibleTime(Number(value));
  if (at !== null && at <= now && now - at < 36 * 3_600_000) return at;
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return midnight.getTime();
}

function plausibleTime(value: number): number | null {
  return Number.isInteger(value) && value >= EARLIEST && value <= Date.now() + 86_400_000 ? value : null;
}
