import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

/**
 * Notices changes under each root's projects/ dir. File-system events (recursive fs.watch) make
 * ingestion immediate; a periodic poll catches whatever events miss (network file systems, new
 * directories on some platforms, watcher limits). `onChange` is called at most once per `debounceMs`.
 */
export class FileWatcher {
  private watchers: FSWatcher[] = [];
  private poller: NodeJS.Timeout | null = null;
  private pending: NodeJS.Timeout | null = null;
  mode: 'fs-events' | 'polling' | 'off' = 'off';

  constructor(
    private readonly roots: string[],
    private readonly onChange: () => void,
    private readonly opts: { pollMs: number; debounceMs: number },
  ) {}

  start(): void {
    let watching = this.roots.length > 0;
    for (const root of this.roots) {
      try {
        const watcher = watch(join(root, 'projects'), { recursive: true }, (_event, file) => {
          if (!file || String(file).endsWith('.jsonl') || !String(file).includes('.')) this.changed();
        });
        watcher.on('error', () => this.fallBackToPolling());
        this.watchers.push(watcher);
      } catch {
        watching = false;
      }
    }
    this.mode = watching ? 'fs-events' : 'polling';
    this.poller = setInterval(() => this.onChange(), this.opts.pollMs);
    this.poller.unref();
  }

  stop(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    for (const t of [this.poller, this.pending]) if (t) clearTimeout(t);
    this.mode = 'off';
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.onChange();
    }, this.opts.debounceMs);
  }

  private fallBackToPolling(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    this.mode = 'polling';
  }
}
