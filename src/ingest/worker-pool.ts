import { Worker } from 'node:worker_threads';

/**
 * A fixed set of worker threads fed from one queue. Each worker takes one task at a time and
 * reports 'done' or 'error' for it before it gets the next; every message goes to onMessage.
 */
export class WorkerPool<Task> {
  private readonly queue: Task[];
  private finished = 0;

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
      const next = (worker: Worker) => {
        const task = this.queue.shift();
        if (task !== undefined) return worker.postMessage(task);
        void worker.terminate();
        if (++this.finished === count) resolve();
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(this.script, { workerData: this.workerData });
        workers.push(worker);
        worker.on('message', (message) => {
          this.onMessage(message);
          if (message.type === 'done' || message.type === 'error') next(worker);
        });
        worker.on('error', (err) => {
          workers.forEach((w) => void w.terminate());
          reject(err);
        });
        next(worker);
      }
    });
  }
}
