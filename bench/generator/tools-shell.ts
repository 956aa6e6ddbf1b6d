import type { Conversation } from './conversation.js';
import { jsonString, toolUseId } from './ids.js';
import { MODULE_NAMES } from './words.js';
import { tokensFor, type ToolCall } from './tool-call.js';

type BashKind = 'tests' | 'logs' | 'git' | 'build' | 'ls';

const TEST_COMMAND: Record<string, string> = { ts: 'npm test', py: 'pytest -q', go: 'go test ./...' };

/** A Bash call; `fail` forces a non-zero exit. Outputs come from pre-escaped pools. */
export function bashTool(c: Conversation, fail: boolean): ToolCall {
  const id = toolUseId(c.rng);
  const kind = c.rng.weighted<BashKind>([['tests', 30], ['git', 25], ['logs', 12], ['build', 18], ['ls', 15]]);
  const failed = fail || (kind === 'tests' || kind === 'build' ? c.rng.chance(0.12) : c.rng.chance(0.02));
  const { command, description, stdout } = bashOutput(c, kind, failed);
  const input = `{"command":${jsonString(command)},"description":${jsonString(description)}${kind === 'tests' ? ',"timeout":300000' : ''}}`;
  const durationMs = kind === 'tests' || kind === 'build' ? c.rng.int(1500, 60_000) : c.rng.int(20, 2500);
  if (failed) {
    const message = `Exit code ${kind === 'build' && !fail ? 2 : 1}\\n${stdout}`;
    return {
      id, name: 'Bash', inputJson: input, contentJson: `"${message}"`, isError: true,
      toolUseResultJson: `"Error: ${message}"`, durationMs, contextTokens: tokensFor(message.length, 8000),
    };
  }
  return {
    id,
    name: 'Bash',
    inputJson: input,
    contentJson: `"${stdout}"`,
    isError: false,
    toolUseResultJson: `{"stdout":"${stdout}","stderr":"","interrupted":false,"isImage":false,"noOutputExpected":false}`,
    durationMs,
    contextTokens: tokensFor(stdout.length, 8000),
  };
}

/** Output as an escaped JSON string body. */
function bashOutput(c: Conversation, kind: BashKind, failed: boolean): { command: string; description: string; stdout: string } {
  const cap = c.maxOutputChars / 2;
  const size = (median: number, sigma: number): number => Math.min(cap, c.rng.logNormal(median * c.outputScale, sigma));
  switch (kind) {
    case 'tests': {
      const body = c.world.corpus.tests.take(c.rng, size(3000, 1.1));
      const total = c.rng.int(40, 900);
      const summary = failed ? `Tests: ${c.rng.int(1, 4)} failed, ${total} total` : `Tests: ${total} passed, ${total} total`;
      return { command: TEST_COMMAND[c.project.repo.language] ?? 'npm test', description: 'Run the test suite', stdout: `${body}\\n${summary}` };
    }
    case 'logs':
      return {
        command: c.rng.pick(['docker compose logs api --tail 20000', 'tail -n 50000 logs/app.log', 'kubectl logs deploy/api --since=2h']),
        description: 'Show recent application logs',
        stdout: c.world.corpus.logs.take(c.rng, size(12_000, 1.6)),
      };
    case 'build':
      return {
        command: 'npm run build',
        description: 'Build the project',
        stdout: failed
          ? `src/${c.rng.pick(MODULE_NAMES)}.ts(${c.rng.int(1, 300)},${c.rng.int(1, 40)}): error TS2322: Type 'string | undefined' is not assignable to type 'string'.`
          : `\\n> build\\n> tsc -p tsconfig.json\\n`,
      };
    case 'git':
      return c.rng.chance(0.5)
        ? { command: 'git status --short', description: 'Show changed files', stdout: ` M src/${c.rng.pick(MODULE_NAMES)}.ts\\n M test/${c.rng.pick(MODULE_NAMES)}.test.ts\\n?? src/new-${c.rng.hex(4)}.ts` }
        : { command: 'git log --oneline -10', description: 'Recent commits', stdout: Array.from({ length: 10 }, () => `${c.rng.hex(7)} ${c.rng.pick(['fix', 'feat', 'chore'])}: ${c.rng.pick(MODULE_NAMES)} ${c.rng.pick(['cleanup', 'retry logic', 'pagination', 'tests'])}`).join('\\n') };
    case 'ls':
      return {
        command: `ls -la ${c.rng.pick(['src', 'test', '.'])}`,
        description: 'List files',
        stdout: c.project.repo.files.slice(0, 20).map((file) => `-rw-r--r--  1 dev  staff  ${String(file.lines.length * 40).padStart(6)} Oct  3 10:12 ${file.path.split('/').pop()}`).join('\\n'),
      };
  }
}
