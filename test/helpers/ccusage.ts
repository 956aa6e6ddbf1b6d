import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CCUSAGE = resolve(new URL('../../../node_modules/.bin/ccusage', import.meta.url).pathname);

/** Run the pinned ccusage 20 on a Claude config dir, offline, in UTC, with an empty HOME. */
export function ccusageJson(kind: 'daily' | 'weekly' | 'monthly' | 'session' | 'blocks', claudeRoot: string): any {
  const home = mkdtempSync(join(tmpdir(), 'ccusage-home-'));
  const out = execFileSync(CCUSAGE, [kind, '--json', '--offline'], {
    env: { PATH: process.env.PATH, HOME: home, TZ: 'UTC', CLAUDE_CONFIG_DIR: claudeRoot },
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8'));
}
