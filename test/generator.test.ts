import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { encodeProjectDir, generateTranscripts, parseSize, sizeProfile } from '../bench/generate.js';

const MB = 1024 * 1024;

function listFiles(root: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out.sort();
}

interface ParsedLine {
  file: string;
  isLast: boolean;
  endsWithNewline: boolean;
  value: any;
}

/** Every line of every .jsonl file; unparsable lines have value undefined. */
function readAllLines(root: string): ParsedLine[] {
  const lines: ParsedLine[] = [];
  for (const file of listFiles(root).filter((path) => path.endsWith('.jsonl'))) {
    const text = readFileSync(file, 'utf8');
    const parts = text.split('\n');
    const endsWithNewline = text.endsWith('\n');
    if (endsWithNewline) parts.pop();
    parts.forEach((part, i) => {
      let value: unknown;
      try {
        value = JSON.parse(part);
      } catch {
        value = undefined;
      }
      const isLast = i === parts.length - 1;
      lines.push({ file, isLast, endsWithNewline: !isLast || endsWithNewline, value });
    });
  }
  return lines;
}

const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `gen-${label}-`));

test('parseSize understands decimal and binary units', () => {
  assert.equal(parseSize('2MB'), 2_000_000);
  assert.equal(parseSize('500MiB'), 500 * MB);
  assert.equal(parseSize('1GiB'), 1024 * MB);
  assert.equal(parseSize('123'), 123);
  assert.throws(() => parseSize('12 parsecs'));
});

test('encodeProjectDir follows the Claude Code rule', () => {
  assert.equal(encodeProjectDir('/Users/dev/my_app.v2'), '-Users-dev-my-app-v2');
  assert.equal(encodeProjectDir('H:\\work\\shop'), 'H--work-shop');
  assert.equal(encodeProjectDir('/Users/maria/Projets/éditeur'), '-Users-maria-Projets--diteur');
  const long = encodeProjectDir(`/${'x'.repeat(300)}`);
  assert.ok(long.length > 200 && long.startsWith(`-${'x'.repeat(199)}-`));
});

test('same seed gives identical bytes, another seed different ones', async () => {
  const [a, b, c] = [tempDir('a'), tempDir('b'), tempDir('c')];
  try {
    const statsA = await generateTranscripts({ outDir: a, totalBytes: 1 * MB, seed: 11 });
    const statsB = await generateTranscripts({ outDir: b, totalBytes: 1 * MB, seed: 11 });
    await generateTranscripts({ outDir: c, totalBytes: 1 * MB, seed: 12 });
    assert.deepEqual(statsA, statsB);
    const digest = (root: string): string => {
      const hash = createHash('sha256');
      for (const file of listFiles(root)) hash.update(relative(root, file)).update(readFileSync(file));
      return hash.digest('hex');
    };
    assert.equal(digest(a), digest(b));
    assert.notEqual(digest(a), digest(c));
  } finally {
    for (const dir of [a, b, c]) rmSync(dir, { recursive: true, force: true });
  }
});

test('a 3 MB set: size, parseability and every feature', async (t) => {
  const root = tempDir('features');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const target = 3 * MB;
  const stats = await generateTranscripts({ outDir: root, totalBytes: target, seed: 3 });
  const files = listFiles(root);
  const diskBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const lines = readAllLines(root);

  await t.test('size within ±10% and stats match the disk', () => {
    assert.equal(diskBytes, stats.bytes);
    assert.ok(Math.abs(stats.bytes - target) <= target * 0.1, `bytes ${stats.bytes} vs target ${target}`);
    assert.equal(stats.files, files.filter((file) => file.endsWith('.jsonl')).length);
    assert.equal(stats.lines, lines.length);
  });

  await t.test('only the intended malformed and partial lines fail to parse', () => {
    const partial = lines.filter((line) => !line.endsWithNewline);
    assert.ok(stats.partialLastLines >= 1);
    assert.equal(partial.length, stats.partialLastLines);
    assert.ok(partial.every((line) => line.value === undefined && line.isLast));
    const malformed = lines.filter((line) => line.endsWithNewline && line.value === undefined);
    assert.ok(stats.malformedLines >= 2);
    assert.equal(malformed.length, stats.malformedLines);
  });

  const values = lines.map((line) => line.value).filter((value) => value !== undefined);
  const withFile = lines.filter((line) => line.value !== undefined);
  const assistants = values.filter((value) => value.type === 'assistant');
  const users = values.filter((value) => value.type === 'user');
  const systems = values.filter((value) => value.type === 'system');

  await t.test('envelope fields', () => {
    for (const value of [...assistants, ...users, ...systems]) {
      assert.match(value.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.match(value.version, /^2\.1\.1\d\d$/);
      assert.match(value.uuid, /^[0-9a-f-]{36}$/);
      assert.equal(typeof value.isSidechain, 'boolean');
      assert.equal(value.userType, 'external');
      assert.ok(typeof value.cwd === 'string' && typeof value.gitBranch === 'string' && typeof value.entrypoint === 'string');
    }
    assert.ok(users.some((value) => typeof value.message.content === 'string' && value.promptId));
    assert.ok(assistants.filter((value) => value.message.model !== '<synthetic>').every((value) => /^req_/.test(value.requestId) && /^msg_/.test(value.message.id)));
    for (const type of ['permission-mode', 'file-history-snapshot', 'ai-title']) assert.ok(values.some((value) => value.type === type), type);
  });

  await t.test('no JSON null where ccusage drops the line', () => {
    const fields = ['cwd', 'speed', 'costUSD', 'version', 'sessionId', 'requestId', 'isApiErrorMessage'];
    for (const value of assistants) {
      for (const field of fields) assert.notEqual(value[field], null, field);
      assert.notEqual(value.message.id, null);
      assert.notEqual(value.message.model, null);
      for (const field of ['cache_read_input_tokens', 'cache_creation_input_tokens', 'speed']) assert.notEqual(value.message.usage[field], null);
    }
  });

  await t.test('one line per content block, streaming placeholders, usage shapes', () => {
    const byKey = new Map<string, any[]>();
    for (const value of assistants) {
      const key = `${value.message.id}:${value.requestId}:${value.isSidechain}`;
      byKey.set(key, [...(byKey.get(key) ?? []), value]);
    }
    const multi = [...byKey.values()].filter((group) => group.length > 1);
    assert.ok(multi.some((group) => group.map((v) => v.message.content[0].type).join() === 'thinking,text' || group.length >= 3));
    assert.ok(multi.some((group) => new Set(group.map((v) => v.message.usage.output_tokens)).size > 1), 'placeholder output_tokens');
    const usages = assistants.filter((v) => v.message.model !== '<synthetic>').map((v) => v.message.usage);
    assert.ok(usages.every((u) => Number.isInteger(u.input_tokens) && Number.isInteger(u.cache_read_input_tokens) && u.cache_creation && u.service_tier === 'standard'));
    assert.ok(usages.some((u) => u.cache_read_input_tokens > 200_000), 'reads above 200k');
    assert.ok(usages.some((u) => u.cache_read_input_tokens > 10_000 && u.cache_read_input_tokens < 180_000));
    assert.ok(usages.some((u) => u.cache_creation.ephemeral_1h_input_tokens > 0), '1h cache writes');
    assert.ok(assistants.some((v) => v.message.usage.speed === 'fast' && /opus/.test(v.message.model)), 'fast mode');
  });

  await t.test('models, including a switch inside a session', () => {
    const models = new Set(assistants.map((v) => v.message.model));
    for (const model of ['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929', 'claude-opus-4-8', 'kimi-k2-0905', 'acme-coder-1', '<synthetic>']) {
      assert.ok(models.has(model), model);
    }
    const modelsPerMainFile = new Map<string, Set<string>>();
    for (const line of withFile) {
      if (line.value.type !== 'assistant' || line.value.isSidechain || line.value.message.model === '<synthetic>') continue;
      modelsPerMainFile.set(line.file, (modelsPerMainFile.get(line.file) ?? new Set()).add(line.value.message.model));
    }
    assert.ok([...modelsPerMainFile.values()].some((set) => set.size > 1));
  });

  await t.test('tool calls and results', () => {
    const toolUses = assistants.flatMap((v) => v.message.content).filter((block: any) => block.type === 'tool_use');
    const names = new Set(toolUses.map((block: any) => block.name));
    for (const name of ['Bash', 'Read', 'Edit', 'Write', 'Grep', 'Glob', 'WebFetch', 'Agent', 'mcp__github__create_issue', 'mcp__playwright__browser_click']) {
      assert.ok(names.has(name), name);
    }
    const results = users.filter((v) => Array.isArray(v.message.content) && v.message.content[0]?.type === 'tool_result');
    assert.ok(results.every((v) => v.toolUseResult !== undefined));
    const blocks = results.map((v) => v.message.content[0]);
    assert.ok(blocks.some((b) => b.is_error === true && typeof b.content === 'string' && b.content.startsWith('Exit code 1\n')));
    assert.ok(blocks.some((b) => b.is_error === true && /^<tool_use_error>.*<\/tool_use_error>$/s.test(b.content)));
    assert.ok(blocks.some((b) => Array.isArray(b.content) && b.content.some((c: any) => c.type === 'image' && c.source.data.length > 100)));
    const toolUseIds = new Set(toolUses.map((block: any) => block.id));
    assert.ok(blocks.every((b) => toolUseIds.has(b.tool_use_id)));
    // Results arrive a few ms to a minute after their tool_use (Agent results wait for the subagent).
    const useTime = new Map<string, number>();
    for (const v of assistants) {
      for (const b of v.message.content) {
        // First write wins: /btw side files replay tool_use lines later.
        if (b.type === 'tool_use' && b.name !== 'Agent' && !useTime.has(b.id)) useTime.set(b.id, Date.parse(v.timestamp));
      }
    }
    for (const v of results) {
      const start = useTime.get(v.message.content[0].tool_use_id);
      if (start === undefined) continue;
      const delay = Date.parse(v.timestamp) - start;
      assert.ok(delay >= 1 && delay <= 120_000, `tool delay ${delay}`);
    }
  });

  await t.test('subagent files', () => {
    const agentFiles = files.filter((file) => /\/subagents\/agent-a[0-9a-f]{16}\.jsonl$/.test(file));
    assert.ok(agentFiles.length >= 2);
    for (const file of agentFiles) {
      assert.ok(existsSync(file.replace(/\.jsonl$/, '.meta.json')));
      const parentSession = basename(dirname(dirname(file)));
      assert.ok(existsSync(`${dirname(dirname(file))}.jsonl`));
      const agentId = basename(file).slice('agent-'.length, -'.jsonl'.length);
      for (const line of withFile.filter((l) => l.file === file)) {
        if (!('uuid' in line.value)) continue;
        assert.equal(line.value.isSidechain, true);
        assert.equal(line.value.agentId, agentId);
        assert.equal(line.value.sessionId, parentSession);
      }
    }
    const agentResults = users.filter((v) => v.toolUseResult?.status === 'completed' && v.toolUseResult.agentId);
    assert.ok(agentResults.length >= 2 && agentResults.every((v) => v.isSidechain === false));
  });

  await t.test('errors, compaction, turn duration', () => {
    const retries = systems.filter((v) => v.subtype === 'api_error');
    assert.ok(retries.length > 0 && retries.every((v) => v.retryAttempt >= 1 && v.maxRetries === 10 && v.retryInMs > 0 && v.error.status >= 400));
    const synthetic = assistants.filter((v) => v.isApiErrorMessage === true);
    assert.ok(synthetic.length > 0);
    for (const v of synthetic) {
      assert.equal(v.message.model, '<synthetic>');
      assert.equal(v.error, 'rate_limit');
      assert.equal(v.apiErrorStatus, 429);
      assert.equal(v.message.usage.input_tokens + v.message.usage.output_tokens, 0);
    }
    const boundaries = systems.filter((v) => v.subtype === 'compact_boundary');
    assert.ok(boundaries.length > 0);
    for (const boundary of boundaries) {
      assert.equal(boundary.parentUuid, null);
      assert.ok(boundary.logicalParentUuid && boundary.compactMetadata.preTokens > boundary.compactMetadata.postTokens);
      assert.ok(['auto', 'manual'].includes(boundary.compactMetadata.trigger));
      assert.ok(users.some((u) => u.isCompactSummary === true && u.parentUuid === boundary.uuid));
    }
    assert.ok(systems.some((v) => v.subtype === 'turn_duration' && v.durationMs > 0));
  });

  await t.test('duplicates: resumed copies and /btw replays, never a non-sidechain id with two request ids', () => {
    const mainFileOf = new Map<string, Set<string>>();
    const requestIdsOf = new Map<string, Set<string>>();
    for (const line of withFile) {
      const value = line.value;
      if (value.type === 'assistant' && !value.isSidechain && value.requestId) {
        requestIdsOf.set(value.message.id, (requestIdsOf.get(value.message.id) ?? new Set()).add(value.requestId));
      }
      if (value.uuid && !value.isSidechain) mainFileOf.set(value.uuid, (mainFileOf.get(value.uuid) ?? new Set()).add(line.file));
    }
    assert.ok([...requestIdsOf.values()].every((set) => set.size === 1));
    assert.ok([...mainFileOf.values()].some((set) => set.size > 1), 'a resumed session copies uuids');
    const replays = assistants.filter((v) => v.isSidechain && requestIdsOf.has(v.message.id) && !requestIdsOf.get(v.message.id)!.has(v.requestId));
    assert.ok(replays.length > 0, '/btw replay');
  });

  await t.test('layout: encoded project dirs, sessions in time with multi-hour gaps', () => {
    const mainFiles = files.filter((file) => file.endsWith('.jsonl') && !file.includes(`${sep}subagents${sep}`));
    assert.equal(mainFiles.length, stats.sessions);
    for (const file of mainFiles) {
      const first = withFile.find((line) => line.file === file && typeof line.value.cwd === 'string');
      assert.ok(first);
      assert.equal(basename(dirname(file)), encodeProjectDir(first.value.cwd));
    }
    const cwds = new Set(values.filter((v) => v.cwd).map((v) => v.cwd));
    assert.ok(cwds.size >= 4);
    const times = assistants.map((v) => Date.parse(v.timestamp)).sort((a, b) => a - b);
    assert.ok(times.some((time, i) => i > 0 && time - times[i - 1] > 5 * 3_600_000));
    assert.ok(times[0] >= Date.parse('2026-10-01T00:00:00Z') - 6 * 3_600_000);
  });
});

test('file sizes of a ~50 MB set are heavy-tailed like the profile', async (t) => {
  const root = tempDir('sizes');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const total = 50 * MB;
  await generateTranscripts({ outDir: root, totalBytes: total, seed: 21 });
  const sizes = listFiles(root).filter((file) => file.endsWith('.jsonl')).map((file) => statSync(file).size).sort((a, b) => a - b);
  const profile = sizeProfile(total);
  const median = sizes[Math.floor(sizes.length / 2)];
  const max = sizes[sizes.length - 1];
  assert.ok(median > profile.medianBytes / 2 && median < profile.medianBytes * 2, `median ${median} vs ${profile.medianBytes}`);
  assert.ok(max >= profile.giantMinBytes * 0.9 && max <= profile.giantMaxBytes * 1.2, `max ${max}`);
  assert.ok(max > median * 20, 'heavy tail');
  const total50 = sizes.reduce((sum, size) => sum + size, 0);
  assert.ok(Math.abs(total50 - total) <= total * 0.1, `total ${total50}`);
});
