import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CanonicalEvent } from '../core/event.js';
import type { Store } from '../store/store.js';
import { fetchEventsByIds } from './fetch-by-id.js';
import { ListenerSet, NoticeListeners } from './local-bus.js';
import { decodeNoticeNotification, decodeNotification, encodeNoticeNotification, encodeNotifications } from './notify-payload.js';
import type { LiveBus } from './types.js';

export interface PgBusOptions {
  databaseUrl: string;
  /** the shared store: a receiving instance reads the events it is told about from here */
  store: Store;
  /** NOTIFY channel; default `sightline_live_<schema of the store>`, so instances share a bus exactly when they share tables */
  channel?: string;
  onError?: (error: unknown, context: string) => void;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * The bus shared by every `serve` on one PostgreSQL: publish delivers locally, then NOTIFYs the ids
 * (chunked under the 8000-byte payload limit) with this instance's id; every other instance LISTENs,
 * reads those rows from the store and hands them to its listeners. Its own echo is ignored, so each
 * instance sees each batch exactly once. Batches announced while an instance is disconnected are lost
 * to it (clients resubscribe for a fresh snapshot); reconnection is automatic.
 */
export async function createPgBus(options: PgBusOptions): Promise<LiveBus> {
  const report = options.onError ?? (() => undefined);
  const origin = randomUUID();
  const channel = options.channel ?? (await defaultChannel(options.store));
  const listeners = new ListenerSet((error) => report(error, 'live bus listener'));
  const notices = new NoticeListeners((error) => report(error, 'live bus notice listener'));
  const listener = new NotifyListener(options.databaseUrl, channel, report, (payload) => {
    const notice = decodeNoticeNotification(payload);
    if (notice) {
      if (notice.origin !== origin) notices.emit(notice.notice);
      return Promise.resolve();
    }
    const message = decodeNotification(payload);
    if (!message || message.origin === origin) return Promise.resolve();
    return fetchEventsByIds(options.store, message.ids).then((events) => listeners.emit(events));
  });
  await listener.start();
  return {
    async publish(events: CanonicalEvent[]) {
      listeners.emit(events);
      if (!events.length) return;
      try {
        for (const payload of encodeNotifications(origin, events.map((e) => e.id))) await listener.notify(payload);
      } catch (error) {
        // the events are stored and delivered here; other instances miss them, ingestion must not fail for it
        report(error, 'live bus notify');
      }
    },
    onEvents: (fn) => listeners.add(fn),
    async publishNotice(notice) {
      notices.emit(notice);
      try {
        await listener.notify(encodeNoticeNotification(origin, notice));
      } catch (error) {
        report(error, 'live bus notify');
      }
    },
    onNotices: (fn) => notices.add(fn),
    async close() {
      listeners.clear();
      notices.clear();
      await listener.stop();
    },
  };
}

/** `sightline_live_<schema>`: a valid identifier of at most 63 bytes (hashed when the schema name is long). */
async function defaultChannel(store: Store): Promise<string> {
  if (store.kind !== 'postgres') return 'sightline_live';
  const rows = await store.reads.all('SELECT current_schema() AS schema_name');
  const schema = String(rows[0]?.schema_name ?? 'public').toLowerCase();
  const name = `sightline_live_${schema}`;
  if (/^[a-z0-9_]+$/.test(schema) && name.length <= 63) return name;
  return `sightline_live_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/** One dedicated connection that LISTENs (and NOTIFYs), reconnecting with backoff when it drops. */
class NotifyListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private backoffMs = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** notifications are handled one at a time, in the order they came */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly report: (error: unknown, context: string) => void,
    private readonly handle: (payload: string | undefined) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel !== this.channel) return;
      this.chain = this.chain.then(() => this.handle(message.payload)).catch((error) => this.report(error, 'live bus receive'));
    });
    await client.connect();
    await client.query(`LISTEN "${this.channel}"`);
    this.client = client;
    this.backoffMs = RECONNECT_MIN_MS;
  }

  async notify(payload: string): Promise<void> {
    if (!this.client) throw new Error('live bus: not connected to PostgreSQL');
    await this.client.query('SELECT pg_notify($1, $2)', [this.channel, payload]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.chain;
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client || this.stopped) return;
    this.client = null;
    if (error) this.report(error, 'live bus connection lost');
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((error) => {
        this.report(error, 'live bus reconnect');
        this.backoffMs = Math.min(RECONNECT_MAX_MS, this.backoffMs * 2);
        this.scheduleReconnect();
      });
    }, this.backoffMs);
    this.reconnectTimer.unref();
  }
}
