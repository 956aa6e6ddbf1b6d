import type { CanonicalEvent } from '../core/event.js';
import type { Scope } from '../core/scope.js';
import { parseFilters } from './filters.js';
import type { LiveHub } from './hub.js';
import type { LiveItem } from './items.js';
import { LIVE_CHANNELS, parseClientFrame, type LiveErrorCode, type ServerFrame, type SubId, type SubscribeFrame } from './protocol.js';
import { buildSnapshot } from './snapshots.js';
import { Subscription } from './subscription.js';
import type { LiveChannel } from './types.js';

/** The little a connection needs of a WebSocket (ws's WebSocket fits). */
export interface LiveSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  readonly bufferedAmount: number;
  /** 1 = open */
  readonly readyState: number;
}

const OPEN = 1;
const DEFAULT_SNAPSHOT_EVENTS = 100;

/** One client: parses its frames, owns its subscriptions, and drops it when it cannot keep up. */
export class LiveConnection {
  private readonly subscriptions = new Map<string, Subscription>();
  private snapshotsInFlight = 0;
  private closed = false;

  constructor(
    private readonly hub: LiveHub,
    private readonly socket: LiveSocket,
    private readonly scope: Scope,
  ) {
    this.send({ type: 'hello', instance: hub.instance, seq: hub.seq, heartbeatMs: hub.heartbeatMs, ts: Date.now() });
  }

  /** A text frame from the client (binary frames arrive as ''). Bad frames get an error frame; the socket stays open. */
  handleMessage(text: string): void {
    const parsed = text ? parseClientFrame(text) : { ok: false as const, message: 'empty or binary frame; send JSON text frames' };
    if (!parsed.ok) return this.error('bad_frame', parsed.message);
    const frame = parsed.frame;
    if (frame.type === 'ping') this.send({ type: 'pong', seq: this.hub.seq, ts: Date.now() });
    else if (frame.type === 'unsubscribe') this.unsubscribe(frame.id);
    else this.subscribe(frame);
  }

  deliver(item: LiveItem): void {
    for (const subscription of this.subscriptions.values()) {
      subscription.deliver(item);
      if (subscription.overflowing) return this.close(1013, 'too slow: live messages piled up while a snapshot was read');
    }
  }

  /** Heartbeats carry the seq only when nothing is held back, so it is always a safe resume point. */
  heartbeat(seq: number, ts: number): void {
    this.send(this.snapshotsInFlight ? { type: 'heartbeat', ts } : { type: 'heartbeat', seq, ts });
  }

  /** Socket closed by the peer, or by us. */
  closedByPeer(): void {
    this.closed = true;
    for (const subscription of this.subscriptions.values()) subscription.closed = true;
    this.subscriptions.clear();
    this.hub.disconnected(this);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    try {
      this.socket.close(code, reason);
    } catch (error) {
      this.hub.reportError(error, 'closing a live socket');
    }
    this.closedByPeer();
  }

  private subscribe(frame: SubscribeFrame): void {
    const key = JSON.stringify(frame.id);
    if (this.subscriptions.has(key)) return this.error('duplicate_sub', `subscription ${key} exists; unsubscribe it first`, frame.id);
    if (this.subscriptions.size >= this.hub.maxSubscriptions) {
      return this.error('too_many_subscriptions', `at most ${this.hub.maxSubscriptions} subscriptions per connection`, frame.id);
    }
    if (!(LIVE_CHANNELS as readonly string[]).includes(frame.channel)) {
      return this.error('unknown_channel', `unknown channel "${frame.channel}"; channels: ${LIVE_CHANNELS.join(', ')}`, frame.id);
    }
    const channel = frame.channel as LiveChannel;
    const filters = parseFilters(channel, frame.filters);
    if (!filters.ok) return this.error('bad_filter', filters.message, frame.id);
    const subscription = new Subscription(frame.id, { channel, scope: this.scope, filters: filters.filters }, (f) => this.send(f));
    this.subscriptions.set(key, subscription);
    if (frame.resumeFrom !== undefined && this.resume(subscription, frame)) return;
    void this.snapshot(subscription, frame.snapshotLimit ?? DEFAULT_SNAPSHOT_EVENTS);
  }

  /** Replay what was missed; false (after a resume_gap error) when the buffer no longer reaches back. */
  private resume(subscription: Subscription, frame: SubscribeFrame): boolean {
    const from = frame.resumeFrom!;
    const sameInstance = frame.instance === undefined || frame.instance === this.hub.instance;
    const items = sameInstance && from <= this.hub.seq ? this.hub.replay.after(from) : null;
    if (!items) {
      this.error('resume_gap', `cannot resume after seq ${from}: no longer buffered here (or from another instance); a fresh snapshot follows`, frame.id);
      return false;
    }
    const replayed = subscription.replay(items);
    this.send({ type: 'subscribed', sub: frame.id, channel: frame.channel, replayed, seq: this.hub.seq });
    return true;
  }

  private async snapshot(subscription: Subscription, eventLimit: number): Promise<void> {
    const seq = this.hub.seq;
    subscription.holdBack();
    this.snapshotsInFlight++;
    try {
      const data = await buildSnapshot(this.hub.snapshotSources, subscription.viewer, eventLimit);
      const events = subscription.viewer.channel === 'events' ? (data as { events: CanonicalEvent[] }).events : undefined;
      subscription.release({ seq, data }, events);
    } catch (error) {
      this.hub.reportError(error, 'live snapshot');
      this.subscriptions.delete(JSON.stringify(subscription.id));
      subscription.closed = true;
      this.error('snapshot_failed', `could not read the snapshot: ${(error as Error).message}`, subscription.id);
    } finally {
      this.snapshotsInFlight--;
    }
  }

  private unsubscribe(id: SubId): void {
    const key = JSON.stringify(id);
    const subscription = this.subscriptions.get(key);
    if (!subscription) return this.error('unknown_sub', `no subscription ${key}`, id);
    subscription.closed = true;
    this.subscriptions.delete(key);
    this.send({ type: 'unsubscribed', sub: id });
  }

  private error(code: LiveErrorCode, message: string, sub?: SubId): void {
    this.send(sub === undefined ? { type: 'error', code, message } : { type: 'error', code, message, sub });
  }

  /**
   * The bounded send queue: ws buffers what the network has not taken yet (`bufferedAmount`);
   * past the limit the client is too slow and is dropped with 1013 "try again later".
   */
  private send(frame: ServerFrame): boolean {
    if (this.closed || this.socket.readyState !== OPEN) return false;
    if (this.socket.bufferedAmount > this.hub.maxQueueBytes) {
      this.close(1013, `too slow: over ${this.hub.maxQueueBytes} bytes of live messages unsent`);
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}
