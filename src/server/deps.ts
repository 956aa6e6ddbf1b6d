import type { Store } from '../store/store.js';
import type { LiveBus } from '../live/types.js';

/** What `sightline serve` was started with; secrets never appear here unredacted. */
export interface ServerConfig {
  host: string;
  port: number;
  /** $SIGHTLINE_HOME */
  home: string;
  /** the local access token (local mode); compared in constant time by the auth hook */
  token: string;
  /** 'local': the one-user token mode (default); 'team': accounts, cookies and API keys (docs/people.md) */
  mode?: 'local' | 'team';
  /** team mode's signing secret (people/secret.ts); read from $SIGHTLINE_HOME/secret when absent */
  sessionSecret?: string;
  version: string;
  /** transcript roots being watched */
  watchedRoots: string[];
  /** store location for display, password redacted */
  storeLocation: string;
}

/** The state of continuous ingestion, for /readyz, /metrics and the system page. */
export interface IngestStatus {
  roots: string[];
  /** how changes are noticed: file-system events, polling, or not at all */
  watching: 'fs-events' | 'polling' | 'off';
  files: number;
  /** epoch ms of the last completed ingest pass, null before the first */
  lastPassAt: number | null;
  /** epoch ms of the newest event ingested */
  lastEventAt: number | null;
  /** time from a file change being noticed to its events being stored, last pass (ms) */
  lagMs: number;
  eventsIngested: number;
  malformedLines: number;
  problems: Array<{ path: string; message: string }>;
  /** true once the initial catch-up import has finished */
  caughtUp: boolean;
}

export interface IngestControl {
  status(): IngestStatus;
  /** Run an ingest pass now over these roots (default: the watched ones); used by `sightline import` while serve runs. */
  importNow(roots?: string[]): Promise<import('../ingest/transcript-import.js').ImportSummary>;
}

/** Everything a route module may use. Routes are thin: parse, authorize, call analytics or ingest, reply. */
export interface ServerDeps {
  store: Store;
  bus: LiveBus;
  ingest: IngestControl;
  config: ServerConfig;
}
