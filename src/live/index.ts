import type { Store } from '../store/store.js';
import { createLocalBus } from './local-bus.js';
import { createPgBus } from './pg-bus.js';
import type { LiveBus } from './types.js';

export interface LiveBusOptions {
  /** PostgreSQL URL: when set, the bus is shared with every instance on that database (LISTEN/NOTIFY) */
  databaseUrl?: string;
  store: Store;
  onError?: (error: unknown, context: string) => void;
}

/**
 * The live bus for `serve`: in-process by default, shared through PostgreSQL when a database URL is given.
 * @example const bus = await createLiveBus({ databaseUrl: process.env.DATABASE_URL, store });
 */
export async function createLiveBus(options: LiveBusOptions): Promise<LiveBus> {
  const databaseUrl = options.databaseUrl?.trim();
  if (databaseUrl) return createPgBus({ databaseUrl, store: options.store, onError: options.onError });
  return createLocalBus(options.onError ? (error) => options.onError!(error, 'live bus listener') : undefined);
}

export type { LiveBus, LiveChannel } from './types.js';
export { LiveHub, type LiveHubOptions } from './hub.js';
export type { LiveSocket } from './connection.js';
export type { LiveAlert } from './alerts.js';
export type { LiveFigures } from './metrics-window.js';
export type { ServerFrame, ClientFrame, LiveErrorCode } from './protocol.js';
export { createLocalBus } from './local-bus.js';
export { createPgBus } from './pg-bus.js';
