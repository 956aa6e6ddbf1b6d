import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextWindow, costUsd, defaultPriceTable, loadPriceTable, type UsageForCost } from '../src/core/pricing/index.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ccusageBin = join(repoRoot, 'node_modules/.bin/ccusage');
const bundledModels = Object.keys(JSON.parse(readFileSync(join(repoRoot, 'src/core/pricing/prices.json'), 'utf8')).models);
const table = defaultPriceTable();

const usage = (fields: Partial<UsageForCost>): UsageForCost => ({
  inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, ...fields,
});
const usd = (model: string, fields: Partial<UsageForCost>) => costUsd(table, model, usage(fields));

function assertClose(actual: number | null, expected: number, what: string) {
  assert.ok(actual !== null, `${what}: unpriced`);
  const tolerance = 1e-6 * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-12;
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ours ${actual} vs expected ${expected}`);
}

function withTempDir<T>(use: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sightline-pricing-'));
  try {
    return use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('bundled table has a source, a date and complete Claude and OpenAI entries', () => {
  assert.match(table.asOf, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(table.source.length > 0);
  for (const id of ['claude-opus-4-8', 'claude-opus-4-6', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-3-5-haiku-20241022', 'gpt-5', 'gpt-5.4', 'gpt-5.3-codex']) {
    const price = table.lookup(id);
    assert.ok(price, id);
    for (const rate of [price.input, price.output, price.cacheWrite5m, price.cacheWrite1h, price.cacheRead]) {
      assert.equal(typeof rate, 'number', id);
    }
  }
  assert.equal(table.lookup('gpt-5')!.cacheWrite5m, 0, 'OpenAI has no cache writes');
});

test('lookup: exact, provider prefixes, Bedrock and Vertex forms, date suffixes', () => {
  const sonnet45 = table.lookup('claude-sonnet-4-5');
  assert.equal(sonnet45?.input, 3);
  assert.equal(table.lookup('anthropic/claude-sonnet-4-5'), sonnet45);
  assert.equal(table.lookup('anthropic.claude-sonnet-4-5-20250929-v1:0')?.inputAbove200k, 6);
  assert.equal(table.lookup('us.anthropic.claude-opus-4-6-v1')?.fastMultiplier, 6);
  assert.equal(table.lookup('claude-haiku-4-5@20251001')?.input, 1);
  assert.equal(table.lookup('claude-opus-4-6-20260205')?.input, 5);
  assert.equal(table.lookup('gpt-5.4-2026-03-05')?.input, 2.5);
  assert.equal(table.lookup('claude-3-5-haiku-20241022')?.input, 0.8);
});

test('unknown models are unpriced: null, never 0', () => {
  for (const model of ['<synthetic>', 'acme-coder-1', 'deepseek-chat', '', 'claude-sonnet-9']) {
    assert.equal(table.lookup(model), null, model);
    assert.equal(usd(model, { inputTokens: 1000 }), null, model);
  }
  assert.equal(usd('<synthetic>', {}), null);
  assert.equal(contextWindow(table, 'acme-coder-1'), 200_000);
  assert.equal(contextWindow(table, 'claude-opus-4-6'), 1_000_000);
  assert.equal(contextWindow(table, 'gpt-5.4'), 1_050_000);
});

test('Claude long-context tier applies per token type to tokens beyond 200k', () => {
  assertClose(usd('claude-sonnet-4-5', { inputTokens: 200_000 }), 0.6, 'exactly 200k');
  assertClose(usd('claude-sonnet-4-5', { inputTokens: 300_000 }), 0.6 + 0.6, '100k above at $6');
  assertClose(usd('claude-sonnet-4-5', { outputTokens: 300_000 }), 3 + 2.25, 'output above at $22.5');
  assertClose(usd('claude-sonnet-4-5', { cacheReadTokens: 300_000 }), 0.06 + 0.06, 'cache read above at $0.6');
  // 150k + 150k crosses 200k only in sum: no tier, as ccusage computes.
  assertClose(usd('claude-sonnet-4-5', { inputTokens: 150_000, cacheReadTokens: 150_000 }), 0.45 + 0.045, 'per type');
  assertClose(usd('claude-opus-4-6', { inputTokens: 1_000_000 }), 5, 'opus 4.6 is flat over 1M');
});

test('1h cache writes are priced at the 1h rate, the rest at the 5m rate', () => {
  assertClose(usd('claude-sonnet-4-5', { cacheCreationTokens: 1000, cacheCreation1hTokens: 400 }), (600 * 3.75 + 400 * 6) / 1e6, 'split');
  assertClose(usd('claude-sonnet-4-5', { cacheCreationTokens: 1000 }), (1000 * 3.75) / 1e6, 'no breakdown');
  assertClose(usd('claude-sonnet-4-5', { cacheCreationTokens: 300_000, cacheCreation1hTokens: 300_000 }), (200_000 * 6 + 100_000 * 12) / 1e6, '1h tier');
});

test('fast speed multiplies the whole entry by the model multiplier', () => {
  const call = { inputTokens: 1000, outputTokens: 1000 };
  assertClose(usd('claude-opus-4-6', { ...call, speed: 'fast' }), (6 * 30_000) / 1e6, 'opus 4.6 x6');
  assertClose(usd('claude-opus-4-8', { ...call, speed: 'fast' }), (2 * 30_000) / 1e6, 'opus 4.8 x2');
  assertClose(usd('claude-opus-4-5', { ...call, speed: 'fast' }), 30_000 / 1e6, 'no multiplier');
  assertClose(usd('claude-opus-4-6', { ...call, speed: 'standard' }), 30_000 / 1e6, 'standard');
});

test('OpenAI request tier bills every token at the long-context rate above 272k prompt tokens', () => {
  assertClose(usd('gpt-5.4', { inputTokens: 272_000 }), 0.68, 'at threshold');
  assertClose(usd('gpt-5.4', { inputTokens: 172_001, cacheReadTokens: 100_000, outputTokens: 1000 }), (172_001 * 5 + 100_000 * 0.5 + 1000 * 22.5) / 1e6, 'above');
});

test('override file in our own shape merges field by field; SIGHTLINE_PRICES is honoured', () => {
  withTempDir((dir) => {
    const path = join(dir, 'prices.json');
    writeFileSync(path, JSON.stringify({ asOf: '2030-01-01', models: { 'claude-sonnet-4-5': { input: 4 }, 'acme-coder': { input: 1, output: 2 } } }));
    const merged = loadPriceTable(path);
    assert.equal(merged.asOf, '2030-01-01');
    assert.equal(merged.lookup('claude-sonnet-4-5')?.input, 4);
    assert.equal(merged.lookup('claude-sonnet-4-5')?.output, 15, 'untouched fields stay');
    assertClose(costUsd(merged, 'acme-coder', usage({ inputTokens: 1e6, outputTokens: 1e6, cacheReadTokens: 5 })), 3, 'new model');
    assert.equal(table.lookup('acme-coder'), null, 'bundled table unchanged');

    process.env.SIGHTLINE_PRICES = path;
    try {
      assert.equal(defaultPriceTable().lookup('acme-coder')?.output, 2);
    } finally {
      delete process.env.SIGHTLINE_PRICES;
    }
    assert.equal(defaultPriceTable().lookup('acme-coder'), null);

    writeFileSync(path, JSON.stringify({ models: { 'bad-model': { input: -1, output: 2 } } }));
    assert.throws(() => loadPriceTable(path), /not a valid price file/);
  });
});

test('override file in LiteLLM shape (USD per token) is converted', () => {
  withTempDir((dir) => {
    const path = join(dir, 'litellm.json');
    writeFileSync(path, JSON.stringify({
      sample_spec: { input_cost_per_token: 'number', litellm_provider: 'x' },
      'acme-long': {
        input_cost_per_token: 2e-6, output_cost_per_token: 8e-6, max_input_tokens: 500_000,
        input_cost_per_token_above_200k_tokens: 4e-6, provider_specific_entry: { fast: 3 },
      },
      'gpt-5.4': { input_cost_per_token: 3e-6, output_cost_per_token: 15e-6, input_cost_per_token_above_272k_tokens: 6e-6 },
    }));
    const merged = loadPriceTable(path);
    const acme = merged.lookup('acme-long')!;
    assert.equal(acme.input, 2);
    assert.equal(acme.cacheWrite5m, 2.5, 'ccusage default: 1.25x input');
    assert.equal(acme.cacheRead, 0.2, 'ccusage default: 0.1x input');
    assert.equal(acme.cacheWrite1hAbove200k, 8, '2x the input above-200k rate');
    assert.equal(acme.contextWindow, 500_000);
    assertClose(costUsd(merged, 'acme-long', usage({ inputTokens: 300_000, speed: 'fast' })), 3 * (200_000 * 2 + 100_000 * 4) / 1e6, 'tier and fast');
    assert.equal(merged.lookup('sample_spec'), null);
    assert.deepEqual(merged.lookup('gpt-5.4')?.requestTier, { threshold: 272_000, input: 6, output: 15, cacheRead: 6 });
  });
});

// ---- Cross-check against ccusage 20 (`ccusage session --json --offline`, Claude adapter). ----

interface Mix { inputTokens: number; outputTokens: number; cacheWrite5m: number; cacheWrite1h: number | null; cacheReadTokens: number; speed?: string }
const claudeMixes: Mix[] = [
  { inputTokens: 1234, outputTokens: 5678, cacheWrite5m: 6000, cacheWrite1h: 3000, cacheReadTokens: 45_678 },
  { inputTokens: 250_000, outputTokens: 210_000, cacheWrite5m: 250_000, cacheWrite1h: 220_000, cacheReadTokens: 900_000 },
  { inputTokens: 10, outputTokens: 10, cacheWrite5m: 350_000, cacheWrite1h: null, cacheReadTokens: 0 },
  { inputTokens: 1000, outputTokens: 2000, cacheWrite5m: 2000, cacheWrite1h: 1000, cacheReadTokens: 4000, speed: 'fast' },
  { inputTokens: 210_000, outputTokens: 1000, cacheWrite5m: 0, cacheWrite1h: null, cacheReadTokens: 250_000, speed: 'fast' },
];
const claudeLookupForms = ['anthropic/claude-sonnet-4-5', 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-opus-4-6-v1', 'claude-opus-4-6-20260205', 'claude-haiku-4-5@20251001'];
// Real aliases ccusage 20.0.24 leaves unpriced; we price them like their dated ids.
const unpricedByCcusage = ['claude-3-5-sonnet-latest', 'claude-opus-4-0', 'claude-sonnet-4-0'];

function claudeLine(sessionId: string, model: string, mix: Mix): string {
  const usageJson: Record<string, unknown> = {
    input_tokens: mix.inputTokens, output_tokens: mix.outputTokens,
    cache_creation_input_tokens: mix.cacheWrite5m + (mix.cacheWrite1h ?? 0), cache_read_input_tokens: mix.cacheReadTokens,
  };
  if (mix.cacheWrite1h !== null) usageJson.cache_creation = { ephemeral_5m_input_tokens: mix.cacheWrite5m, ephemeral_1h_input_tokens: mix.cacheWrite1h };
  if (mix.speed) usageJson.speed = mix.speed;
  return JSON.stringify({
    type: 'assistant', uuid: `u-${sessionId}`, parentUuid: null, isSidechain: false, cwd: '/tmp/x', sessionId, version: '2.1.120',
    requestId: `req_${sessionId}`, timestamp: '2026-03-04T10:15:03.900Z',
    message: { id: `msg_${sessionId}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'ok' }], usage: usageJson },
  });
}

interface CcusageRow { modelName: string; cost: number; missingPricing?: boolean }

function runCcusage(args: string[], env: Record<string, string>, cwd: string): any {
  const home = join(cwd, 'home');
  mkdirSync(home, { recursive: true });
  const out = execFileSync(ccusageBin, [...args, '--json', '--offline'], {
    cwd, env: { PATH: process.env.PATH ?? '', HOME: home, TZ: 'UTC', ...env }, maxBuffer: 64 << 20,
  });
  return JSON.parse(out.toString());
}

test('Claude costs equal ccusage 20 --offline for every Claude model in the table', () => {
  const models = [...bundledModels.filter((id) => id.startsWith('claude-')), ...claudeLookupForms];
  withTempDir((dir) => {
    const projectDir = join(dir, 'claude', 'projects', 'p');
    mkdirSync(projectDir, { recursive: true });
    const cases = models.flatMap((model, m) => claudeMixes.map((mix, x) => ({ sessionId: `s${m}-${x}`, model, mix })));
    for (const c of cases) writeFileSync(join(projectDir, `${c.sessionId}.jsonl`), claudeLine(c.sessionId, c.model, c.mix) + '\n');

    const report = runCcusage(['session'], { CLAUDE_CONFIG_DIR: join(dir, 'claude') }, dir);
    const rows = new Map<string, CcusageRow[]>(report.session.map((s: any) => [s.period, s.modelBreakdowns]));
    const unpriced = new Set<string>();
    for (const { sessionId, model, mix } of cases) {
      const [row, ...rest] = rows.get(sessionId) ?? [];
      assert.ok(row && rest.length === 0, `${sessionId} ${model}: one ccusage row`);
      assert.equal(row.modelName, mix.speed === 'fast' ? `${model}-fast` : model);
      if (row.missingPricing) { unpriced.add(model); continue; }
      const ours = costUsd(table, model, {
        inputTokens: mix.inputTokens, outputTokens: mix.outputTokens, cacheReadTokens: mix.cacheReadTokens,
        cacheCreationTokens: mix.cacheWrite5m + (mix.cacheWrite1h ?? 0), cacheCreation1hTokens: mix.cacheWrite1h, speed: mix.speed,
      });
      assertClose(ours, row.cost, `${model} mix ${JSON.stringify(mix)}`);
    }
    assert.deepEqual([...unpriced].sort(), unpricedByCcusage);
  });
});

// ---- Cross-check of the OpenAI entries against ccusage's Codex adapter (input includes cached there). ----

const codexMixes = [[10_000, 4000, 3000], [300_000, 100_000, 5000], [272_001, 0, 10], [272_000, 0, 10], [300_000, 250_000, 100]] as const;

function codexRollout(id: string, model: string, [input, cached, output]: readonly number[]): string {
  const tokens = { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: 0, total_tokens: input + output };
  return [
    { timestamp: '2026-02-10T09:00:00.000Z', type: 'session_meta', payload: { id, timestamp: '2026-02-10T09:00:00.000Z', cwd: '/tmp/x', originator: 'codex_cli', cli_version: '0.128.0', source: 'cli', model_provider: 'openai' } },
    { timestamp: '2026-02-10T09:00:01.000Z', type: 'turn_context', payload: { turn_id: 't1', cwd: '/tmp/x', model } },
    { timestamp: '2026-02-10T09:00:02.000Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: tokens, last_token_usage: tokens, model_context_window: 272_000 } } },
  ].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

test('OpenAI costs equal ccusage 20 --offline (Codex sessions) for every OpenAI model in the table', () => {
  const models = bundledModels.filter((id) => !id.startsWith('claude-'));
  withTempDir((dir) => {
    const dayDir = join(dir, 'codex', 'sessions', '2026', '02', '10');
    mkdirSync(dayDir, { recursive: true });
    const cases = models.flatMap((model, m) => codexMixes.map((mix, x) => {
      const file = `rollout-2026-02-10T09-00-00-${String(m * 10 + x).padStart(8, '0')}-aaaa-4bbb-8ccc-000000000000`;
      writeFileSync(join(dayDir, `${file}.jsonl`), codexRollout(file.slice(-36), model, mix));
      return { file, model, mix };
    }));
    const report = runCcusage(['codex', 'session'], { CODEX_HOME: join(dir, 'codex') }, dir);
    const sessions = new Map<string, any>((report.sessions ?? report.session).map((s: any) => [s.sessionFile, s]));
    const unpriced = new Set<string>();
    for (const { file, model, mix: [input, cached, output] } of cases) {
      const session = sessions.get(file);
      assert.ok(session, `${model}: ccusage session`);
      if (session.models[model]?.missingPricing) { unpriced.add(model); continue; }
      const ours = costUsd(table, model, usage({ inputTokens: input - cached, cacheReadTokens: cached, outputTokens: output }));
      assertClose(ours, session.costUSD, `${model} ${input}/${cached}/${output}`);
    }
    assert.deepEqual([...unpriced], ['codex-mini-latest']);
  });
});
