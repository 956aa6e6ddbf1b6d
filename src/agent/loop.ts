import { backoffMs } from '../client/backoff.js';
import { discoverTranscripts, type TranscriptFile } from '../sources/claude-code/discover.js';
import { planTasks } from '../ingest/transcript-import.js';
import { PendingBatch } from './batch.js';
import { ProjectFilter } from './exclude.js';
import { seconds, type AgentLog } from './log.js';
import { pushEvents, type PushTarget } from './push.js';
import { readTranscript, type FileRead } from './reader.js';
import type { WorkerTask } from '../sources/claude-code/import-worker.js';
import { checkpointsOf, forServer, loadState, recordCheckpoints, saveState, type AgentState } from './state.js';

export interface AgentOptions {
  home: string;
  server: string;
  key: string;
  hostname: string;
  /** Claude config roots (discovery, as for `sightline import`) */
  roots: string[];
  intervalMs: number;
  redact: boolean;
  excludeProjects: string[];
  log: AgentLog;
  /** events per push (default 5,000) */
  batchEvents?: number;
  /** longest wait between retries while the server is down (default 60 s) */
  maxBackoffMs?: number;
  /** aborting ends the loop after the current push */
  signal?: AbortSignal;
}

/** What one pass came to. `delivered` is false when a push failed: its events stay where they were and go next time. */
export interface PassResult {
  delivered: boolean;
  events: number;
  /** bytes of the transcripts not yet delivered (after this pass) */
  behindBytes: number;
}

/**
 * The agent: discover transcripts, read what was appended since the last acknowledged offset, push
 * it, advance the offsets, wait `intervalMs`, repeat. A failed push is retried with exponential
 * backoff (the events in memory; after a restart they are read again from the offsets).
 */
export class Agent {
  private state: AgentState;
  private readonly filter: ProjectFilter;
  private readonly target: PushTarget;
  private readonly excludedSeen = new Set<string>();
  private failures = 0;

  constructor(private readonly opts: AgentOptions) {
    this.state = forServer(loadState(opts.home), opts.server);
    this.filter = new ProjectFilter(opts.excludeProjects);
    this.target = { server: opts.server, key: opts.key, agentId: this.state.agentId, hostname: opts.hostname };
  }

  get agentId(): string {
    return this.state.agentId;
  }

  /** Run passes until the signal aborts. */
  async run(): Promise<void> {
    this.opts.log('info', 'agent started', { agent: this.state.agentId, server: this.opts.server, roots: this.opts.roots.join(','), redact: this.opts.redact });
    while (!this.opts.signal?.aborted) {
      try {
        const result = await this.pass(true);
        await this.sleep(result.delivered ? this.opts.intervalMs : 0);
      } catch (error) {
        // a full disk, an unreadable state dir: say so and try again later rather than exit
        this.opts.log('error', 'pass failed', { error: (error as Error).message });
        await this.sleep(this.opts.maxBackoffMs ?? 60_000);
      }
    }
    this.opts.log('info', 'agent stopped', { agent: this.state.agentId });
  }

  /** One pass. With `retry`, a failed push is retried (backoff) until it succeeds or the signal aborts. */
  async pass(retry: boolean): Promise<PassResult> {
    const files = await this.sendableFiles();
    const batch = new PendingBatch();
    const budget = this.opts.batchEvents ?? 5_000;
    let events = 0;
    const failed = () => ({ delivered: false, events, behindBytes: this.behind(files) });
    for (const task of planTasks(files, checkpointsOf(this.state))) {
      for (let current = task; ; ) {
        const read = this.read(current, Math.max(1, budget - batch.events));
        batch.add(read.segments);
        if (batch.events >= budget) {
          const sent = await this.deliver(batch, retry);
          if (sent === null) return failed();
          events += sent;
        }
        const last = read.segments[read.segments.length - 1]?.checkpoint;
        if (read.complete || !last) break;
        current = { ...current, offset: last.offset, fromStart: false, malformedSoFar: last.malformedLines };
      }
    }
    const sent = await this.deliver(batch, retry);
    if (sent === null) return failed();
    return { delivered: true, events: events + sent, behindBytes: this.behind(files) };
  }

  /** A file that vanished or cannot be read is skipped this pass (its offset stays), never fatal. */
  private read(task: WorkerTask, budget: number): FileRead {
    try {
      return readTranscript(task, budget);
    } catch (error) {
      this.opts.log('warn', 'cannot read transcript', { file: task.path, error: (error as Error).message });
      return { segments: [], complete: true };
    }
  }

  /** Transcripts under the roots minus excluded projects (each exclusion logged once). */
  private async sendableFiles(): Promise<TranscriptFile[]> {
    const discovery = await discoverTranscripts(this.opts.roots);
    const ignoreFiles = new Map<string, boolean>();
    return discovery.files.filter((file) => {
      const reason = this.filter.reason(file.path, ignoreFiles);
      if (reason && !this.excludedSeen.has(file.path)) this.opts.log('info', 'excluded', { file: file.path, why: reason });
      if (reason) this.excludedSeen.add(file.path);
      else this.excludedSeen.delete(file.path);
      return reason === null;
    });
  }

  /** Push the batch; on success move its checkpoints and save the state. Events sent, or null when it could not be delivered. */
  private async deliver(batch: PendingBatch, retry: boolean): Promise<number | null> {
    const { events, invalid } = batch.prepare(this.opts.redact);
    for (const bad of invalid.slice(0, 5)) this.opts.log('warn', 'event skipped: not valid for the server', { id: bad.id, problem: bad.problem });
    while (events.length > 0) {
      const started = Date.now();
      const outcome = await pushEvents(this.target, events);
      if (outcome.kind === 'acknowledged') {
        this.failures = 0;
        const newest = events.reduce((max, e) => Math.max(max, e.ts), 0);
        const stats = this.state.stats;
        Object.assign(stats, { lastPushAt: Date.now(), pushes: stats.pushes + 1, eventsPushed: stats.eventsPushed + outcome.accepted });
        this.opts.log('info', 'pushed', { events: outcome.accepted, inserted: outcome.inserted, bytes: outcome.bytes, lag: seconds(Date.now() - newest), took: seconds(Date.now() - started) });
        break;
      }
      this.recordError(outcome.reason);
      const wait = Math.max(250, backoffMs(this.failures++, this.opts.maxBackoffMs ?? 60_000, 500), outcome.kind === 'retry' ? outcome.retryAfterMs ?? 0 : 0);
      const level = outcome.kind === 'refused' ? 'error' : 'warn';
      this.opts.log(level, 'push failed', { events: events.length, error: outcome.reason, field: outcome.kind === 'refused' ? outcome.field : undefined, attempt: this.failures, retryIn: retry ? seconds(wait) : undefined });
      if (!retry || this.opts.signal?.aborted) return null;
      await this.sleep(wait);
      if (this.opts.signal?.aborted) return null;
    }
    recordCheckpoints(this.state, batch.checkpoints());
    saveState(this.opts.home, this.state);
    batch.clear();
    return events.length;
  }

  private recordError(reason: string): void {
    const stats = this.state.stats;
    Object.assign(stats, { errors: stats.errors + 1, lastError: reason, lastErrorAt: Date.now() });
    saveState(this.opts.home, this.state);
  }

  private behind(files: TranscriptFile[]): number {
    return files.reduce((sum, f) => sum + Math.max(0, f.size - (this.state.files[f.path]?.offset ?? 0)), 0);
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.opts.signal;
    if (signal?.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
