import { z } from 'zod';
import { liveFilters } from './filters.js';

/** Channels a client may subscribe to. */
export const LIVE_CHANNELS = ['events', 'sessions', 'metrics', 'alerts', 'insights'] as const;

/** Stable codes of `{type:'error'}` frames; the socket stays open after every one of them. */
export type LiveErrorCode =
  | 'bad_frame'
  | 'unknown_channel'
  | 'bad_filter'
  | 'duplicate_sub'
  | 'unknown_sub'
  | 'too_many_subscriptions'
  | 'resume_gap'
  | 'snapshot_failed';

const subId = z.union([z.string().min(1).max(64), z.number().int()]);

const subscribeFrame = z
  .object({
    type: z.literal('subscribe'),
    id: subId,
    channel: z.string(),
    filters: z.unknown().optional(),
    /** the last seq the client saw: replay everything after it */
    resumeFrom: z.number().int().nonnegative().optional(),
    /** the instance the seq came from (the `hello` frame's); another instance answers resume_gap */
    instance: z.string().max(64).optional(),
    /** events channel: how many recent events the snapshot holds (default 100, at most 1000) */
    snapshotLimit: z.number().int().min(0).max(1000).optional(),
  })
  .strict();

const unsubscribeFrame = z.object({ type: z.literal('unsubscribe'), id: subId }).strict();
const pingFrame = z.object({ type: z.literal('ping') }).strict();

export const clientFrame = z.discriminatedUnion('type', [subscribeFrame, unsubscribeFrame, pingFrame]);
export type ClientFrame = z.infer<typeof clientFrame>;
export type SubscribeFrame = z.infer<typeof subscribeFrame>;
export type SubId = z.infer<typeof subId>;

export { liveFilters };

/** Everything the server sends. `seq` numbers the instance-wide stream; see docs/live.md. */
export type ServerFrame =
  | { type: 'hello'; instance: string; seq: number; heartbeatMs: number; ts: number }
  | { type: 'subscribed'; sub: SubId; channel: string; replayed: number; seq: number }
  | { type: 'snapshot'; sub: SubId; seq: number; data: unknown }
  | { type: 'event'; sub: SubId; seq: number; data: unknown }
  | { type: 'update'; sub: SubId; seq: number; data: unknown }
  | { type: 'unsubscribed'; sub: SubId }
  | { type: 'heartbeat'; seq?: number; ts: number }
  | { type: 'pong'; seq: number; ts: number }
  | { type: 'error'; code: LiveErrorCode; message: string; sub?: SubId };

export type ParsedFrame = { ok: true; frame: ClientFrame } | { ok: false; message: string };

/** A raw text frame to a ClientFrame, or a message saying what is wrong with it. */
export function parseClientFrame(text: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  const parsed = clientFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, message: `malformed frame${where}: ${issue?.message ?? 'invalid'}; expected {type:'subscribe'|'unsubscribe'|'ping', …}` };
}
