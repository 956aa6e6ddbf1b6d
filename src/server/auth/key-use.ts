import type { Store } from '../../store/store.js';
import type { Principal } from '../../people/principal.js';
import { touchKeyLastUsed } from '../../people/repo/api-keys.js';
import { recordKeyUse } from '../../people/audit.js';

const FLUSH_EVERY_MS = 60_000;

/**
 * Key use, counted in memory and written at most once a minute per key (last_used_at and the
 * coalesced hourly 'key.use' audit row): an ingest key posting every second must not turn each
 * request into a write.
 */
export class KeyUseLog {
  private readonly pending = new Map<string, { principal: Principal; uses: number; flushedAt: number }>();

  constructor(private readonly store: Store, private readonly onError: (error: unknown) => void) {}

  note(principal: Principal, now = Date.now()): void {
    const keyId = principal.keyId!;
    const entry = this.pending.get(keyId) ?? { principal, uses: 0, flushedAt: 0 };
    entry.uses++;
    entry.principal = principal;
    this.pending.set(keyId, entry);
    if (now - entry.flushedAt >= FLUSH_EVERY_MS) void this.flushKey(keyId, now);
  }

  /** Write every count not yet written (server shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((keyId) => this.flushKey(keyId)));
  }

  private async flushKey(keyId: string, now = Date.now()): Promise<void> {
    const entry = this.pending.get(keyId);
    if (!entry || entry.uses === 0) return;
    const { principal, uses } = entry;
    entry.uses = 0;
    entry.flushedAt = now;
    try {
      await this.store.transaction(async (db) => {
        await touchKeyLastUsed(db, keyId, now);
        await recordKeyUse(db, { teamId: principal.teamId, keyId, actorId: principal.userId, client: principal.client, uses }, now);
      });
    } catch (error) {
      this.onError(error);
    }
  }
}
