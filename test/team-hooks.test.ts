import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { registerHookRoutes } from '../src/server/routes/hooks.js';
import { freshDuckDbStore, type FreshStore } from './helpers/stores.js';
import { createTestTeam, startTeamServer, type TeamServer, type TestUser } from './helpers/team-app.js';

const BIN = fileURLToPath(new URL('../../bin/sightline.js', import.meta.url));

/** `sightline hook` on a developer's machine, pointed at a team server by SIGHTLINE_SERVER and SIGHTLINE_KEY. */
function runHook(payload: object, env: Record<string, string>, home: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'hook'], { env: { ...process.env, SIGHTLINE_HOME: home, ...env }, stdio: ['pipe', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('close', resolve);
    child.stdin.end(JSON.stringify(payload));
  });
}

const SESSION = 'cccccccc-0000-4000-8000-000000000001';
const prompt = { session_id: SESSION, transcript_path: `/home/dev/.claude/projects/-x/${SESSION}.jsonl`, cwd: '/home/dev/x', permission_mode: 'default', hook_event_name: 'UserPromptSubmit', prompt: 'ship it', prompt_id: 'p-team-1' };

describe('hooks to a team server with an API key', () => {
  let fresh: FreshStore;
  let server: TeamServer;
  let member: TestUser;
  let viewer: TestUser;
  let home: string;

  before(async () => {
    fresh = await freshDuckDbStore();
    ({ users: { member, viewer } } = await createTestTeam(fresh.store, 'X', { member: 'member', viewer: 'viewer' }));
    server = await startTeamServer(fresh.store, [registerHookRoutes]);
    home = await mkdtemp(join(tmpdir(), 'sightline-dev-'));
  });
  after(async () => {
    await server.close();
    await fresh.dispose();
    await rm(home, { recursive: true, force: true });
  });

  test('the event is stored as the key owner’s; a viewer key is refused and its payload spooled, not lost', async () => {
    assert.equal(await runHook(prompt, { SIGHTLINE_SERVER: server.base, SIGHTLINE_KEY: member.key }, home), 0);
    const rows = await fresh.store.reads.all(`SELECT user_id, kind FROM events WHERE session_id = $1`, [SESSION]);
    assert.deepEqual(rows.map((r) => [r.user_id, r.kind]), [[member.id, 'prompt']]);

    // a hook never fails Claude Code: exit 0, and the payload waits in the spool
    assert.equal(await runHook({ ...prompt, prompt_id: 'p-team-2' }, { SIGHTLINE_SERVER: server.base, SIGHTLINE_KEY: viewer.key }, home), 0);
    const [{ n }] = await fresh.store.reads.all(`SELECT count(*) AS n FROM events WHERE session_id = $1`, [SESSION]);
    assert.equal(Number(n), 1, 'a viewer cannot ingest');
  });
});
