import type { CanonicalEvent } from '../../src/core/event.js';
import { eventId } from '../../src/core/ids.js';
import { costUsd, defaultPriceTable } from '../../src/core/pricing/index.js';
import { localOwner } from '../../src/core/scope.js';
import type { Store } from '../../src/store/store.js';
import { Rng } from '../generator/rng.js';

/**
 * Canonical events straight into a store, for read-path benchmarks at sizes (10 M events) whose
 * transcripts would take tens of GiB: sessions of prompts, model calls, tool calls (some failing,
 * some MCP), retries and errors, spread over `days` ending now.
 */
export interface SeedOptions {
  events: number;
  days?: number;
  seed?: number;
  /** called after each stored batch */
  onProgress?: (stored: number) => void;
}

const MODELS = ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929'];
const TOOLS = ['Bash', 'Read', 'Edit', 'Grep', 'Glob', 'Write', 'WebFetch', 'mcp__github__create_issue', 'mcp__playwright__browser_click'];
const PROJECTS = ['-home-dev-shop', '-home-dev-api', '-home-dev-web', '-srv-infra', '-home-dev-ml'];
const BATCH_BYTES = 64 * 1024 * 1024;

export async function seedEvents(store: Store, opts: SeedOptions): Promise<number> {
  const rng = new Rng(opts.seed ?? 1);
  const end = Date.now();
  const start = end - (opts.days ?? 30) * 86_400_000;
  const prices = defaultPriceTable();
  let parts: string[] = [];
  let ids: string[] = [];
  let size = 0;
  let stored = 0;
  const sessions = new Set<string>();
  const flush = async () => {
    if (parts.length === 0) return;
    await store.writeEventLines([parts.join('\n')], [], ids);
    stored += parts.length;
    opts.onProgress?.(stored);
    parts = [];
    ids = [];
    size = 0;
  };
  let made = 0;
  while (made < opts.events) {
    const sessionId = rng.uuid();
    sessions.add(sessionId);
    const length = Math.min(opts.events - made, Math.round(rng.logNormal(120, 1)) + 5);
    const first = start + Math.floor(rng.float() * (end - start - 3_600_000));
    for (const event of sessionEvents(rng, prices, sessionId, first, length)) {
      const line = JSON.stringify(event);
      parts.push(line);
      ids.push(event.id);
      size += line.length;
      if (size >= BATCH_BYTES) await flush();
    }
    made += length;
  }
  await flush();
  await store.refreshSessions();
  // fresh statistics, as autovacuum would gather a little later: the planner needs them to pick indexes
  if (store.kind === 'postgres') await store.reads.all('ANALYZE');
  return stored;
}

function* sessionEvents(rng: Rng, prices: ReturnType<typeof defaultPriceTable>, sessionId: string, first: number, length: number): Generator<CanonicalEvent> {
  const project = rng.pick(PROJECTS);
  let model = rng.pick(MODELS);
  let ts = first;
  let context = 20_000;
  const base = { ...localOwner, agent: 'claude-code', source: 'bench', sessionId, project };
  for (let i = 0; i < length; i++) {
    ts += Math.round(rng.logNormal(4000, 1));
    const id = eventId('bench', sessionId, i);
    const roll = rng.float();
    if (i === 0) yield { ...base, id, ts, kind: 'session_start', attrs: { cwd: `/${project.replace(/-/g, '/')}`, gitBranch: 'main' } };
    else if (roll < 0.08) yield { ...base, id, ts, kind: 'prompt', text: `please ${rng.pick(['fix', 'add', 'explain', 'refactor'])} the ${rng.pick(['tests', 'parser', 'api', 'ui'])}` };
    else if (roll < 0.5) {
      if (rng.chance(0.02)) model = rng.pick(MODELS);
      context = Math.min(900_000, context + rng.int(200, 6000));
      const usage = { inputTokens: rng.int(1, 50), outputTokens: rng.int(20, 2000), cacheReadTokens: context, cacheCreationTokens: rng.int(0, 4000) };
      yield { ...base, id, ts, kind: 'llm_call', model, ...usage, costUsd: costUsd(prices, model, usage), durationMs: rng.int(800, 40_000) };
    } else if (roll < 0.95) {
      const toolName = rng.pick(TOOLS);
      const failed = rng.chance(0.06);
      const durationMs = Math.round(rng.logNormal(toolName === 'Bash' ? 2500 : 80, 1.2));
      yield {
        ...base, id, ts, endTs: ts + durationMs, kind: 'tool_call', toolName, mcpServer: toolName.startsWith('mcp__') ? toolName.split('__')[1] : null,
        status: failed ? 'error' : 'ok', durationMs, exitCode: toolName === 'Bash' ? (failed ? 1 : 0) : null,
        text: toolName === 'Bash' ? rng.pick(['npm test', 'git status', 'ls -la', 'npm run build']) : `src/${rng.hex(4)}.ts`,
        attrs: { outputExcerpt: failed ? `Exit code 1\nError: ${rng.pick(['ENOENT', 'timeout', 'assertion failed'])}` : 'ok' },
      };
    } else if (roll < 0.98) yield { ...base, id, ts, kind: 'api_error', level: 'warning', text: rng.pick(['Overloaded', 'rate limited', 'Internal server error']), attrs: { status: rng.pick([529, 429, 500]) } };
    else yield { ...base, id, ts, kind: 'log', level: rng.pick(['info', 'warning', 'error', 'debug'] as const), text: `log line ${rng.hex(6)}` };
  }
}
