import { randomUUID } from 'node:crypto';
import { backoffMs, sleep } from './backoff.js';
import { capabilityEvent, completeEvent, jobRunEvent, llmCallEvent, logEvent, memoryEvent, toolCallEvent, type RawEvent } from './build-event.js';
import { DiskBuffer } from './disk-buffer.js';
import { sendBatch, type SendOutcome } from './transport.js';
import type { CapabilityFields, ClientStats, CommonFields, JobRunFields, Level, LlmCallFields, MemoryFields, SightlineClientOptions, ToolCallFields } from './types.js';

export type * from './types.js';
export type { RawEvent } from './build-event.js';

const DEFAULTS = { maxBufferBytes: 64 * 2 ** 20, batchSize: 1_000, flushIntervalMs: 1_000, maxBackoffMs: 30_000 };

/**
 * Sends events to a Sightline server's event API (docs/event-api.md): batched by size and time, one
 * request in flight (so events arrive in order), retried with exponential backoff and jitter on
 * network errors, 5xx, 408 and 429 (honouring Retry-After). While the server is unreachable, events
 * wait in a bounded buffer — on disk in `bufferDir` when given — and are delivered, oldest first,
 * when it is back. Ids are assigned here, so a batch sent twice is stored once.
 * @example
 * const client = new SightlineClient({ url: 'http://127.0.0.1:7317', token, bufferDir: '/var/tmp/myapp-sightline' });
 * client.log('indexing started');
 * client.llmCall({ model: 'claude-sonnet-4-5', inputTokens: 1200, outputTokens: 300, durationMs: 2100 });
 * await client.close();
 */
export class SightlineClient {
  private readonly options: Required<Omit<SightlineClientOptions, 'bufferDir' | 'onError'>> & Pick<SightlineClientOptions, 'onError'>;
  private readonly disk: DiskBuffer | null;
  private queue: string[] = [];
  private queueBytes = 0;
  private readonly counters: Omit<ClientStats, 'pending'> = { queued: 0, delivered: 0, rejected: 0, dropped: 0, retries: 0 };
  private diskEvents = 0;
  private inFlightSegment: string | undefined;
  private pumping: Promise<void> | null = null;
  private failures = 0;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(options: SightlineClientOptions) {
    this.options = { ...DEFAULTS, agent: 'app', sessionId: randomUUID(), ...options };
    this.options.batchSize = Math.min(10_000, Math.max(1, this.options.batchSize));
    this.disk = options.bufferDir ? new DiskBuffer(options.bufferDir) : null;
    this.diskEvents = this.disk?.countEvents() ?? 0;
    // unref: a pending flush never keeps the app alive on its own; call close() to deliver the rest
    this.timer = setInterval(() => this.kick(), this.options.flushIntervalMs).unref();
    if (this.diskEvents > 0) this.kick();
  }

  /** Queue any event (the fields of POST /api/v1/events); returns its id, or undefined when the server derives it from `key`. */
  event(raw: RawEvent): string | undefined {
    if (this.stopped) throw new Error('SightlineClient is closed');
    const event = completeEvent(raw, { agent: this.options.agent, sessionId: this.options.sessionId });
    this.enqueue(JSON.stringify(event));
    return event.id as string | undefined;
  }

  log(text: string, fields: CommonFields & { level?: Level } = {}): string | undefined {
    return this.event(logEvent(text, fields.level ?? 'info', fields));
  }

  llmCall(fields: LlmCallFields): string | undefined {
    return this.event(llmCallEvent(fields));
  }

  toolCall(fields: ToolCallFields): string | undefined {
    return this.event(toolCallEvent(fields));
  }

  /** A memory write or read (category, importance 0–1). */
  memory(fields: MemoryFields): string | undefined {
    return this.event(memoryEvent(fields));
  }

  jobRun(fields: JobRunFields): string | undefined {
    return this.event(jobRunEvent(fields));
  }

  capability(fields: CapabilityFields): string | undefined {
    return this.event(capabilityEvent(fields));
  }

  stats(): ClientStats {
    return { ...this.counters, pending: this.queue.length + this.diskEvents };
  }

  /**
   * Send everything queued so far. Resolves true once the server has it all, false when `timeoutMs`
   * passed first (the events stay buffered and keep being retried).
   */
  async flush(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.stats().pending > 0 || this.pumping) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      this.kick();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.pumping, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return true;
  }

  /**
   * Flush (up to `timeoutMs`) and stop. What could not be delivered stays in `bufferDir` for the next
   * client on that directory; without a bufferDir it is lost (and counted as dropped).
   */
  async close(timeoutMs = 30_000): Promise<boolean> {
    clearInterval(this.timer);
    const delivered = await this.flush(timeoutMs);
    this.stopped = true;
    if (!delivered) this.spillToDisk();
    if (!delivered && !this.disk) this.dropMemory(this.queue.length);
    await this.pumping?.catch(() => undefined);
    return delivered;
  }

  private enqueue(line: string): void {
    this.queue.push(line);
    this.queueBytes += line.length;
    this.counters.queued++;
    this.enforceLimit();
    if (this.queue.length >= this.options.batchSize) this.kick();
  }

  private kick(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = this.pump().finally(() => (this.pumping = null));
  }

  /** Deliver until nothing is left: disk segments first (they are older), then memory. */
  private async pump(): Promise<void> {
    while (!this.stopped) {
      if (this.disk && this.disk.segmentCount > 0) {
        this.spillToDisk(); // memory is newer than every segment: it waits its turn on disk
        const segment = this.disk.oldest()!;
        this.inFlightSegment = segment.name;
        const outcome = await this.sendLines(segment.lines);
        this.inFlightSegment = undefined;
        if (outcome.kind === 'retry') await this.waitToRetry(outcome);
        else this.diskEvents -= this.disk.remove(segment.name);
      } else if (this.queue.length > 0) {
        const batch = this.takeMemory(this.options.batchSize);
        const outcome = await this.sendLines(batch);
        if (outcome.kind !== 'retry') continue;
        this.putBack(batch);
        await this.waitToRetry(outcome);
      } else return;
    }
  }

  private async sendLines(lines: string[]): Promise<SendOutcome> {
    const outcome = await sendBatch(this.options.url, this.options.token, lines);
    if (outcome.kind === 'delivered') {
      this.failures = 0;
      this.counters.delivered += outcome.accepted;
      this.counters.rejected += outcome.rejected.length;
      if (outcome.rejected.length) {
        const first = outcome.rejected[0];
        this.report(`${outcome.rejected.length} event(s) rejected; first: index ${first.index}, field '${first.field}': ${first.message}`);
      }
    } else if (outcome.kind === 'refused') {
      this.failures = 0;
      this.counters.dropped += lines.length;
      this.report(`a batch of ${lines.length} events was refused: ${outcome.reason}`);
    }
    return outcome;
  }

  private async waitToRetry(outcome: Extract<SendOutcome, { kind: 'retry' }>): Promise<void> {
    this.counters.retries++;
    const wait = Math.max(backoffMs(this.failures++, this.options.maxBackoffMs), outcome.retryAfterMs ?? 0);
    this.spillToDisk();
    await sleep(wait);
  }

  /** A batch that failed goes back to the front of the queue (a later spill moves it to disk first in line). */
  private putBack(batch: string[]): void {
    this.queue.unshift(...batch);
    this.queueBytes += batch.reduce((sum, line) => sum + line.length, 0);
    this.enforceLimit();
  }

  private takeMemory(count: number): string[] {
    const batch = this.queue.splice(0, count);
    this.queueBytes -= batch.reduce((sum, line) => sum + line.length, 0);
    return batch;
  }

  /** Move memory to disk segments (of batchSize events each), preserving order. */
  private spillToDisk(): void {
    if (!this.disk) return;
    while (this.queue.length > 0) {
      const batch = this.takeMemory(this.options.batchSize);
      this.disk.append(batch);
      this.diskEvents += batch.length;
    }
  }

  /** Over maxBufferBytes: drop the oldest events (disk segments first), counting them. */
  private enforceLimit(): void {
    while (this.queueBytes + (this.disk?.bytes ?? 0) > this.options.maxBufferBytes) {
      const dropped = this.disk?.dropOldest(this.inFlightSegment) ?? null;
      if (dropped !== null) {
        this.diskEvents -= dropped;
        this.counters.dropped += dropped;
        this.report(`buffer full (${this.options.maxBufferBytes} bytes): dropped ${dropped} oldest events`);
      } else if (this.queue.length > 1) this.dropMemory(1);
      else return;
    }
  }

  private dropMemory(count: number): void {
    this.counters.dropped += this.takeMemory(count).length;
  }

  private report(message: string): void {
    try {
      this.options.onError?.(new Error(`sightline client: ${message}`));
    } catch {
      // a throwing callback must not break delivery
    }
  }
}
