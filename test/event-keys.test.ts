import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { CanonicalEvent } from '../src/core/event.js';
import type { Scope } from '../src/core/scope.js';
import { openStore } from '../src/store/open.js';

const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const scope: Scope = { teamId: 't', userId: 'u', role: 'admin', allOfTeam: true };

function event(id: string, ts: number, text = 'x'): CanonicalEvent {
  return { id, ts, teamId: 't', userId: 'u', visibility: 'private', agent: 'claude-code', source: 'api', sessionId: 's1', kind: 'log', text };
}

/** DuckDB's id lookups go through event_keys (store/duckdb/event-keys.ts); these are the cases where a key and its event disagree. */
describe('DuckDB event_keys', () => {
  test('lookups, stale keys, both write paths, and a changed key function', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sightline-keys-'));
    const path = join(dir, 'sightline.duckdb');
    let store = await openStore({ databaseUrl: '', duckdbPath: path });
    try {
      await store.writeBatch([event('a', T0), event('b', T0 + 1000)]);
      await store.writeEventLines([JSON.stringify(event('c', T0 + 2000))], [], ['c']);
      for (const id of ['a', 'b', 'c']) assert.equal((await store.getEvent(scope, id))?.id, id, `${id} is found`);
      assert.equal(await store.getEvent(scope, 'missing'), null);
      const [{ n }] = await store.reads.all('SELECT count(*) AS n FROM event_keys');
      assert.equal(Number(n), 3, 'one key per stored event');

      // a key whose time is wrong (as after a merge that moved the event) still finds the event
      await store.transaction((db) => db.run('UPDATE event_keys SET ts = ts + 1'));
      assert.equal((await store.getEvent(scope, 'b'))?.text, 'x');

      // re-writing stored ids merges instead of inserting (the key says "maybe stored", events confirms)
      assert.deepEqual(await store.writeBatch([event('a', T0, 'again')]), { inserted: 0, merged: 1 });
      assert.deepEqual(await store.writeEventLines([JSON.stringify(event('c', T0 + 2000))], [], ['c']), { inserted: 0, merged: 1 });
      // a stale key (its event deleted) does not make a new event look stored
      await store.transaction((db) => db.run("DELETE FROM events WHERE id = 'b'"));
      assert.deepEqual(await store.writeBatch([event('b', T0 + 1000)]), { inserted: 1, merged: 0 });

      // keys written by another key function are recomputed at the next open
      await store.transaction(async (db) => {
        await db.run('DELETE FROM event_keys');
        await db.run("UPDATE meta SET value = 'another function' WHERE key = 'event_keys.probe'");
      });
      await store.close();
      store = await openStore({ databaseUrl: '', duckdbPath: path });
      assert.equal((await store.getEvent(scope, 'c'))?.id, 'c');
      const [{ m }] = await store.reads.all('SELECT count(*) AS m FROM event_keys');
      assert.equal(Number(m), 3);
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
