import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { install, uninstall, sightlineCommand } from '../src/cli/commands/hooks-install.js';
import { SIGHTLINE_HOOK_EVENTS, isSightlineCommand } from '../src/cli/hook-client/claude-settings.js';

const USERS = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'] },
  statusLine: { type: 'command', command: '~/.claude/my-status.sh' },
  hooks: {
    PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: '$CLAUDE_PROJECT_DIR/.claude/hooks/log.sh', timeout: 30 }] }],
    SessionEnd: [{ hooks: [{ type: 'command', command: '/usr/local/bin/ship-transcript', async: true }] }],
  },
};

function tempSettings(content: unknown = USERS): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-settings-'));
  const path = join(dir, 'settings.json');
  writeFileSync(path, JSON.stringify(content, null, 2));
  return { dir, path };
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const backups = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('settings.json.sightline-backup-'));

test('install adds one Sightline handler per event, keeps everything of the user\'s, backs up, and is idempotent', (t) => {
  const { dir, path } = tempSettings();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  install(path, false, false);
  const after = read(path);
  assert.equal(after.model, 'opus');
  assert.deepEqual(after.permissions, USERS.permissions);
  assert.deepEqual(after.statusLine, USERS.statusLine, 'statusLine untouched without --statusline');
  for (const event of SIGHTLINE_HOOK_EVENTS) {
    const ours = after.hooks[event].flatMap((g: any) => g.hooks).filter((h: any) => isSightlineCommand(h.command, 'hook'));
    assert.equal(ours.length, 1, event);
    assert.equal(ours[0].type, 'command');
    assert.ok(ours[0].timeout <= 10);
    assert.match(ours[0].command, /^".+node[^"]*" ".+bin\/sightline\.js" hook$/);
  }
  assert.deepEqual(after.hooks.PostToolUse[0], USERS.hooks.PostToolUse[0]);
  assert.deepEqual(after.hooks.SessionEnd[0], USERS.hooks.SessionEnd[0]);
  assert.equal(backups(dir).length, 1);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, backups(dir)[0]), 'utf8')), USERS);
  const once = readFileSync(path, 'utf8');
  install(path, false, false);
  assert.equal(readFileSync(path, 'utf8'), once, 'a second install changes nothing');
  assert.equal(backups(dir).length, 1, 'and writes no second backup');
  uninstall(path);
  assert.deepEqual(read(path), USERS, 'uninstall removes exactly ours');
});

test('--statusline keeps the user\'s status line unless --force; uninstall restores the one it replaced', (t) => {
  const { dir, path } = tempSettings();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const message = install(path, true, false);
  assert.match(message, /kept your existing statusLine/);
  assert.deepEqual(read(path).statusLine, USERS.statusLine);
  install(path, true, true);
  assert.deepEqual(read(path).statusLine, { type: 'command', command: sightlineCommand('statusline'), padding: 0 });
  install(path, true, true);
  uninstall(path);
  assert.deepEqual(read(path), USERS, 'the user\'s statusLine is back');
  assert.equal(existsSync(`${path}.sightline.json`), false, 'sidecar removed');
});

test('install on a missing file creates it; invalid JSON is refused and left untouched', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'settings.json');
  install(path, true, false);
  assert.equal(read(path).statusLine.command, sightlineCommand('statusline'));
  uninstall(path);
  assert.deepEqual(read(path), {});
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"hooks": {');
  assert.throws(() => install(broken, false, false), /not valid JSON/);
  assert.equal(readFileSync(broken, 'utf8'), '{"hooks": {');
});

test('uninstall keeps a user handler that shares a group with ours', (t) => {
  const shared = { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }, { type: 'command', command: '"/usr/bin/node" "/opt/sightline/bin/sightline.js" hook' }] }] } };
  const { dir, path } = tempSettings(shared);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  uninstall(path);
  assert.deepEqual(read(path), { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } });
});
