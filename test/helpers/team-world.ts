import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { createLiveBus } from '../../src/live/index.js';
import type { LiveBus } from '../../src/live/types.js';
import { createIngestService, type IngestService } from '../../src/ingest/service.js';
import { createTeam } from '../../src/people/repo/teams.js';
import { createUser } from '../../src/people/repo/users.js';
import { addMembership } from '../../src/people/repo/memberships.js';
import { createApiKey } from '../../src/people/repo/api-keys.js';
import type { Role } from '../../src/people/principal.js';
import { csrfTokenFor, issueSession, SESSION_COOKIE } from '../../src/server/auth/session.js';
import type { FreshStore, StoreFactory } from './stores.js';

/**
 * A real team-mode server over a real store, with people made straight in the people tables:
 * each person gets a signed-in browser (cookie + CSRF token) and an API key with both scopes.
 */
export interface Person {
  userId: string;
  teamId: string;
  role: Role;
  /** headers of a signed-in browser (cookie + CSRF token: writes pass the CSRF check) */
  browser: Record<string, string>;
  /** headers of the person's API key (ingest + read) */
  key: Record<string, string>;
}

export interface TeamWorld {
  base: string;
  app: FastifyInstance;
  fresh: FreshStore;
  people: Record<string, Person>;
  close(): Promise<void>;
}

export const TEST_SECRET = 'team-world-test-secret-0123456789abcdef';

export async function startTeamWorld(factory: StoreFactory, roster: Record<string, { team: string; role: Role }>): Promise<TeamWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'sightline-team-'));
  const fresh = await factory.create();
  const bus: LiveBus = await createLiveBus({ store: fresh.store });
  const ingest: IngestService = await createIngestService({ store: fresh.store, bus, roots: [join(dir, 'none')], watch: false });
  const config = { host: '127.0.0.1', port: 0, home: join(dir, 'home'), token: 'unused-in-team-mode', mode: 'team' as const, sessionSecret: TEST_SECRET, version: '0.0.0-test', watchedRoots: [], storeLocation: 'test' };
  const app = await buildApp({ store: fresh.store, bus, ingest, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const people = await fresh.store.transaction((db) => makePeople(db, roster));
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    app,
    fresh,
    people,
    async close() {
      await app.close();
      await ingest.stop();
      await bus.close();
      await fresh.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

type Db = Parameters<typeof createTeam>[0];

async function makePeople(db: Db, roster: Record<string, { team: string; role: Role }>): Promise<Record<string, Person>> {
  const teams = new Map<string, string>();
  const people: Record<string, Person> = {};
  for (const [name, { team, role }] of Object.entries(roster)) {
    if (!teams.has(team)) teams.set(team, (await createTeam(db, { name: `Team ${team}` })).id);
    const teamId = teams.get(team)!;
    const user = await createUser(db, { email: `${name.toLowerCase()}@example.test`, name, passwordHash: null });
    await addMembership(db, { teamId, userId: user.id, role });
    const scopes = role === 'viewer' ? (['read'] as const) : (['ingest', 'read'] as const);
    const { secret } = await createApiKey(db, { teamId, userId: user.id, name: `${name} key`, scopes, createdBy: user.id });
    const cookie = issueSession({ uid: user.id, tid: teamId, epoch: user.sessionEpoch }, TEST_SECRET);
    people[name] = {
      userId: user.id,
      teamId,
      role,
      browser: { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrfTokenFor(cookie, TEST_SECRET) },
      key: { authorization: `Bearer ${secret}` },
    };
  }
  return people;
}
