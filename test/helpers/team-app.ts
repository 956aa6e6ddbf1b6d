import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { Role } from '../../src/people/principal.js';
import { createApiKey } from '../../src/people/repo/api-keys.js';
import { addMembership } from '../../src/people/repo/memberships.js';
import { createTeam } from '../../src/people/repo/teams.js';
import { createUser } from '../../src/people/repo/users.js';
import { createLocalBus } from '../../src/live/local-bus.js';
import type { LiveBus } from '../../src/live/types.js';
import { buildApp } from '../../src/server/app.js';
import type { ServerDeps } from '../../src/server/deps.js';
import type { RouteModule } from '../../src/server/routes/index.js';
import type { Store } from '../../src/store/store.js';

/** A member of a test team with an API key (Bearer) to call the real team-mode server with. */
export interface TestUser {
  id: string;
  teamId: string;
  role: Role;
  key: string;
}

/** A team with users of the given roles, created through the people repo (as setup and invites do). */
export async function createTestTeam(store: Store, name: string, roles: Record<string, Role>, settings?: object): Promise<{ teamId: string; users: Record<string, TestUser> }> {
  return store.transaction(async (db) => {
    const team = await createTeam(db, { name, settings: settings ? JSON.stringify(settings) : undefined });
    const users: Record<string, TestUser> = {};
    for (const [handle, role] of Object.entries(roles)) {
      const user = await createUser(db, { email: `${handle}@${name}.test`, name: handle, passwordHash: null });
      await addMembership(db, { teamId: team.id, userId: user.id, role });
      const created = await createApiKey(db, { teamId: team.id, userId: user.id, name: 'test', scopes: ['read', 'ingest'], createdBy: user.id });
      users[handle] = { id: user.id, teamId: team.id, role, key: created.secret };
    }
    return { teamId: team.id, users };
  });
}

export interface TeamServer {
  app: FastifyInstance;
  bus: LiveBus;
  base: string;
  call(user: TestUser | null, method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** The real app in team mode (or local token mode), listening on a free port, with only the given route modules. */
export async function startTeamServer(store: Store, modules: readonly RouteModule[], mode: 'team' | 'local' = 'team', token = 'local-test-token'): Promise<TeamServer> {
  const bus = createLocalBus();
  const deps: ServerDeps = {
    store,
    bus,
    ingest: undefined as unknown as ServerDeps['ingest'],
    config: { host: '127.0.0.1', port: 0, home: '/tmp', token, version: 'test', watchedRoots: [], storeLocation: 'test', mode, sessionSecret: 'x'.repeat(64) },
  };
  const app = await buildApp(deps, { modules });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    app,
    bus,
    base,
    async call(user, method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${user ? user.key : token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null;
      return { status: response.status, json, text, headers: response.headers };
    },
    async close() {
      await app.close();
      await bus.close();
    },
  };
}

/** A WebSocket on /api/v1/live that keeps every frame, so a test can wait for the one it expects. */
export class LiveClient {
  readonly frames: any[] = [];
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(base: string, user: TestUser): Promise<LiveClient> {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/live`, { headers: { authorization: `Bearer ${user.key}` } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new LiveClient(socket);
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame (seen or coming) matching `match`, or a rejection after `timeoutMs`. */
  async next(match: (frame: any) => boolean, timeoutMs = 1000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** Audit rows are written after the reply, batched every second: wait for one flush. */
export const auditFlush = () => new Promise((resolve) => setTimeout(resolve, 1300));
