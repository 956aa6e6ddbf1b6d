import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CanonicalEvent } from '../../src/core/event.js';
import type { Store } from '../../src/store/store.js';

/**
 * A small store with known numbers for the read-API tests. Times are relative to `now`:
 *  - session `s-active` (proj-a): the last 2 hours, still active; sonnet then opus (one model switch),
 *    3 prompts, 5 main model calls + 1 subagent call, Bash ok/error, Read, an MCP call, an Agent call
 *    spawning subagent `ag1`, 2 API retries, 1 final error, 1 compaction, context at 181,000 tokens;
 *  - session `s-ended` (proj-b, user `bob`): 3 days ago, ended by session_end, 2 prompts, 2 calls, 1 Read, 1 log;
 *  - session `s-old` (proj-a): 10 days ago (the previous period of a 7-day range), 1 prompt, 1 call;
 *  - session `s-foreign` in another team: no read of the local scope may ever see it.
 */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export interface Seed {
  now: number;
  events: CanonicalEvent[];
  /** the transcript file the `s-active` prompt's payload lives in */
  transcriptPath: string;
  transcriptLine: Record<string, unknown>;
}

let counter = 0;

function ev(fields: Partial<CanonicalEvent> & Pick<CanonicalEvent, 'ts' | 'sessionId' | 'kind'>): CanonicalEvent {
  return {
    id: fields.id ?? `ev-${String(++counter).padStart(4, '0')}`,
    teamId: 'local',
    userId: 'local',
    visibility: 'private',
    agent: 'claude-code',
    source: 'test',
    project: 'proj-a',
    ...fields,
  };
}

function llm(ts: number, sessionId: string, model: string, tokens: [input: number, output: number, cacheRead: number, cacheCreation: number], costUsd: number, extra: Partial<CanonicalEvent> = {}): CanonicalEvent {
  const [inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens] = tokens;
  return ev({ ts, sessionId, kind: 'llm_call', model, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens, costUsd, ...extra });
}

function tool(ts: number, sessionId: string, toolName: string, durationMs: number, status: 'ok' | 'error', extra: Partial<CanonicalEvent> = {}): CanonicalEvent {
  return ev({ ts, endTs: ts + durationMs, durationMs, sessionId, kind: 'tool_call', toolName, status, ...extra });
}

export function seedEvents(now: number, transcriptPath: string): CanonicalEvent[] {
  counter = 0;
  const a = 's-active';
  const t0 = now - 2 * HOUR;
  const sonnet = 'claude-sonnet-4-5';
  const opus = 'claude-opus-4-1';
  const active: CanonicalEvent[] = [
    ev({ ts: t0, sessionId: a, kind: 'session_start', attrs: { cwd: '/work/a', gitBranch: 'main' } }),
    ev({ ts: t0 + 1000, sessionId: a, kind: 'prompt', text: 'Fix the failing build', source: 'transcript', sourcePath: transcriptPath, sourceOffset: 0, attrs: { cwd: '/work/a', gitBranch: 'main' } }),
    llm(t0 + 5000, a, sonnet, [100, 200, 1000, 500], 0.01, { id: 'llm-1' }),
    tool(t0 + 6000, a, 'Bash', 1200, 'ok', { text: 'npm test', exitCode: 0, attrs: { outputExcerpt: 'all 12 tests passed' } }),
    llm(t0 + 10_000, a, sonnet, [50, 300, 2000, 0], 0.02),
    tool(t0 + 11_000, a, 'Bash', 500, 'error', { text: 'cat /tmp/x123', exitCode: 1, attrs: { outputExcerpt: 'Exit code 1\ncat: /tmp/x123: No such file' } }),
    tool(t0 + 12_000, a, 'Read', 50, 'ok', { text: '/work/a/src/index.ts' }),
    ev({ ts: t0 + 13_000, sessionId: a, kind: 'api_error', level: 'warning', text: 'Overloaded (request 1111)', attrs: { retryAttempt: 1 } }),
    ev({ ts: t0 + 14_000, sessionId: a, kind: 'api_error', level: 'warning', text: 'Overloaded (request 2222)', attrs: { retryAttempt: 2 } }),
    ev({ ts: t0 + 20_000, sessionId: a, kind: 'prompt', text: 'Now open an issue' }),
    llm(t0 + 30_000, a, opus, [10, 400, 3000, 1000], 0.30, { id: 'llm-switch' }),
    tool(t0 + 31_000, a, 'mcp__github__create_issue', 15_000, 'ok', { mcpServer: 'github', text: '{"title":"build"}' }),
    tool(t0 + 50_000, a, 'Agent', 90_000, 'ok', { id: 'agent-call', text: 'Explore the repo', attrs: { agentId: 'ag1' } }),
    llm(t0 + 60_000, a, sonnet, [20, 100, 500, 0], 0.005, { isSidechain: true, attrs: { agentId: 'ag1' } }),
    tool(t0 + 61_000, a, 'Grep', 70_000, 'ok', { isSidechain: true, text: 'TODO', attrs: { agentId: 'ag1' } }),
    ev({ ts: t0 + 200_000, sessionId: a, kind: 'compaction', text: 'Conversation compacted (auto)', attrs: { trigger: 'auto', preTokens: 150000, postTokens: 20000 } }),
    ev({ ts: t0 + 300_000, sessionId: a, kind: 'error', level: 'error', text: 'API Error: 500 server error req_011ABC' }),
    ev({ ts: now - 10 * MIN, sessionId: a, kind: 'prompt', text: 'Try again' }),
    llm(now - 9 * MIN, a, opus, [500, 600, 4000, 0], 0.40),
    llm(now - MIN, a, opus, [1000, 700, 170_000, 10_000], 1.25, { id: 'llm-last' }),
  ];
  const b = 's-ended';
  const t1 = now - 3 * DAY;
  const bob = { userId: 'bob', project: 'proj-b' };
  const ended: CanonicalEvent[] = [
    ev({ ts: t1, sessionId: b, kind: 'session_start', ...bob }),
    ev({ ts: t1 + 1000, sessionId: b, kind: 'prompt', text: 'Explain the code', ...bob }),
    llm(t1 + 4000, b, sonnet, [300, 500, 0, 2000], 0.05, bob),
    tool(t1 + 5000, b, 'Read', 30, 'ok', { text: '/work/b/README.md', ...bob }),
    ev({ ts: t1 + 6000, sessionId: b, kind: 'log', level: 'info', text: 'Session title: Explain code', ...bob }),
    ev({ ts: t1 + 7000, sessionId: b, kind: 'prompt', text: 'Thanks', ...bob }),
    llm(t1 + 9000, b, sonnet, [100, 50, 2300, 0], 0.03, bob),
    ev({ ts: t1 + 10_000, sessionId: b, kind: 'session_end', ...bob }),
  ];
  const o = 's-old';
  const t2 = now - 10 * DAY;
  const old: CanonicalEvent[] = [
    ev({ ts: t2, sessionId: o, kind: 'prompt', text: 'Old work' }),
    llm(t2 + 2000, o, sonnet, [40, 60, 0, 0], 0.002),
  ];
  const foreign: CanonicalEvent[] = [
    ev({ ts: now - HOUR, sessionId: 's-foreign', kind: 'prompt', teamId: 'other', userId: 'eve', text: 'Fix the failing build elsewhere' }),
    llm(now - HOUR + 1000, 's-foreign', sonnet, [999, 999, 999, 999], 9.99, { teamId: 'other', userId: 'eve' }),
    tool(now - HOUR + 2000, 's-foreign', 'Bash', 100, 'error', { teamId: 'other', userId: 'eve', text: 'rm -rf /', exitCode: 2 }),
  ];
  return [...active, ...ended, ...old, ...foreign];
}

/** Writes the seed (and the transcript file one event points into) and refreshes the session roll-ups. */
export async function seedStore(store: Store, now = Date.now()): Promise<Seed> {
  const dir = await mkdtemp(join(tmpdir(), 'sightline-seed-'));
  const transcriptPath = join(dir, 'session.jsonl');
  const transcriptLine = { type: 'user', uuid: 'u-1', message: { role: 'user', content: 'Fix the failing build' } };
  await writeFile(transcriptPath, JSON.stringify(transcriptLine) + '\n' + JSON.stringify({ type: 'assistant' }) + '\n');
  const events = seedEvents(now, transcriptPath);
  await store.writeBatch(events);
  await store.refreshSessions();
  return { now, events, transcriptPath, transcriptLine };
}
