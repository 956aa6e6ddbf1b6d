import { Worker } from 'node:worker_threads';

/**
 * Parser threads hold one chunk's events at a time; small heaps make V8 collect early instead of
 * growing, which keeps a whole import under 512 MiB RSS.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 };

/**
 * A fixed set of worker threads fed from one queue. Each worker takes one task at a time and
 * reports 'done' or 'error' for it before it gets the next; every message goes to onMessage.
 */
export class WorkerPool<Task> {
  private readonly queue: Task[];

  constructor(
    private readonly script: URL,
    private readonly workerData: unknown,
    tasks: Task[],
    private readonly onMessage: (message: any) => void,
  ) {
    this.queue = [...tasks];
  }

  /** Run every task on up to `size` workers; resolves when the queue is drained. */
  run(size: number): Promise<void> {
    const count = Math.max(0, Math.min(size, this.queue.length));
    if (count === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const workers: Worker[] = [];
      const queued = new Map<Worker, number>();
      const finished = new Set<Worker>();
      // Each worker holds up to two tasks, so it never waits idle for the next one to arrive.
      const next = (worker: Worker) => {
        const task = this.queue.shift();
        if (task !== undefined) {
          queued.set(worker, (queued.get(worker) ?? 0) + 1);
          return worker.postMessage(task);
        }
        if (queued.get(worker) || finished.has(worker)) return;
        finished.add(worker);
        void worker.terminate();
        if (finished.size === count) resolve();
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(this.script, { workerData: this.workerData, resourceLimits: WORKER_HEAP });
        workers.push(worker);
        worker.on('message', (message) => {
          this.onMessage(message);
          if (message.type === 'done' || message.type === 'error') {
            queued.set(worker, queued.get(worker)! - 1);
            next(worker);
          }
        });
        worker.on('error', (err) => {
          workers.forEach((w) => void w.terminate());
          reject(err);
        });
        next(worker);
        next(worker);
      }
    });
  }
}
