import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { parseFlags } from '../args.js';
import { sightlineHome } from '../../core/config.js';
import { claudeConfigRoots, normalizeRoot } from '../../sources/claude-code/discover.js';
import { Agent, type AgentOptions } from '../../agent/loop.js';
import { acquireAgentLock } from '../../agent/lock.js';
import { consoleLog, formatLogLine } from '../../agent/log.js';
import { printAgentStatus } from '../../agent/status.js';

const HELP = `Usage: sightline agent --server URL --key KEY [options] [DIR…]

Ship this machine's Claude Code sessions to a team Sightline server. Reads what was appended to
the transcripts since the last push, sends it (gzip NDJSON) every few seconds, and remembers how far
the server acknowledged in $SIGHTLINE_HOME/agent/state.json, so nothing is sent twice or lost,
even after days offline. While the server is down it retries with exponential backoff.

DIR        a Claude config dir (holding projects/). Default: $CLAUDE_CONFIG_DIR (comma-separated)
           when set, else ~/.config/claude and ~/.claude

Options:
  --server URL             the team server (or SIGHTLINE_SERVER)
  --key KEY                an API key with the ingest scope, sl_… (or SIGHTLINE_KEY)
  --key-file PATH          read the key from a file (or SIGHTLINE_KEY_FILE)
  --interval SECONDS       time between pushes (default 5)
  --max-backoff SECONDS    longest wait between retries while the server is down (default 60)
  --once                   one pass: push everything new, then exit (1 when a push failed)
  --status                 print what this agent has sent and how far behind it is, then exit
  --redact                 never send prompt text, tool inputs or outputs, or message text
                           (tokens, models, costs, timings, tool names, statuses, exit codes still go)
  --exclude-project P      keep a project on this machine (repeatable). P is a path (that directory
                           and everything below it) or a glob (* within a name, ** across, ?),
                           matched against the session's working directory and its parents, and
                           against the folder name under projects/ (e.g. -home-me-secret)
  -h, --help               this help

A file named .sightline-ignore in a project's directory (or any directory above it) keeps that
project on this machine too. Excluded transcripts are never read.

Examples:
  sightline agent --server https://sightline.example.com --key sl_…
  SIGHTLINE_SERVER=https://sightline.example.com SIGHTLINE_KEY_FILE=~/.sightline-key sightline agent --redact
  sightline agent --once --exclude-project ~/work/secret --exclude-project '*/clients/*'
  sightline agent --status

Service files (systemd user unit, launchd agent): docs/agent.md.
`;

const FLAGS = {
  server: { type: 'string' },
  key: { type: 'string' },
  'key-file': { type: 'string' },
  interval: { type: 'string' },
  'max-backoff': { type: 'string' },
  once: { type: 'boolean' },
  status: { type: 'boolean' },
  redact: { type: 'boolean' },
  'exclude-project': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `sightline agent`: runs until SIGINT/SIGTERM (or one pass with --once). */
export async function agentCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const home = sightlineHome();
  const roots = positionals.length > 0 ? positionals.map(normalizeRoot) : claudeConfigRoots();
  const server = (values.server as string | undefined) ?? process.env.SIGHTLINE_SERVER;
  const key = readKey(values);
  const excludeProjects = (values['exclude-project'] as unknown as string[] | undefined) ?? [];
  if (values.status) return printAgentStatus({ home, roots, server, key, excludeProjects });
  const problem = configProblem(server, key, values, roots);
  if (problem) return usageError(problem);
  const controller = new AbortController();
  const options: AgentOptions = {
    home,
    server: server!.replace(/\/+$/, ''),
    key: key!,
    hostname: hostname(),
    roots,
    intervalMs: Math.round(Number(values.interval ?? 5) * 1000),
    maxBackoffMs: Math.round(Number(values['max-backoff'] ?? 60) * 1000),
    redact: values.redact === true,
    excludeProjects,
    log: consoleLog,
    signal: controller.signal,
  };
  const release = acquireAgentLock(home);
  try {
    const agent = new Agent(options);
    if (values.once) return await runOnce(agent);
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await agent.run();
    return 0;
  } finally {
    release();
  }
}

async function runOnce(agent: Agent): Promise<number> {
  const result = await agent.pass(false);
  const fields = { events: result.events, behindBytes: result.behindBytes, agent: agent.agentId };
  process.stdout.write(formatLogLine('info', result.delivered ? 'pass complete' : 'pass incomplete: run again later', fields) + '\n');
  return result.delivered ? 0 : 1;
}

function readKey(values: Record<string, unknown>): string | undefined {
  const direct = (values.key as string | undefined) ?? process.env.SIGHTLINE_KEY;
  if (direct?.trim()) return direct.trim();
  const file = (values['key-file'] as string | undefined) ?? process.env.SIGHTLINE_KEY_FILE;
  if (!file) return undefined;
  const path = file.startsWith('~/') ? `${process.env.HOME}/${file.slice(2)}` : file;
  return readFileSync(path, 'utf8').trim() || undefined;
}

function configProblem(server: string | undefined, key: string | undefined, values: Record<string, unknown>, roots: string[]): string | null {
  if (!server) return 'say which server: --server URL (or SIGHTLINE_SERVER)';
  if (!/^https?:\/\/[^/]+/.test(server)) return `--server must be an http(s) URL, got '${server}'`;
  if (!key) return 'an API key is needed: --key sl_… (or SIGHTLINE_KEY / SIGHTLINE_KEY_FILE); create one in the dashboard under API keys';
  for (const [flag, fallback] of [['interval', 5], ['max-backoff', 60]] as const) {
    const seconds = Number(values[flag] ?? fallback);
    if (!Number.isFinite(seconds) || seconds < 0.05 || seconds > 86_400) return `--${flag} must be seconds from 0.05 to 86400, got '${values[flag]}'`;
  }
  if (roots.length === 0) return 'no Claude Code data found (looked in ~/.config/claude and ~/.claude). Pass a directory, or set CLAUDE_CONFIG_DIR.';
  return null;
}

function usageError(message: string): number {
  process.stderr.write(`sightline agent: ${message}\nRun 'sightline agent --help' for usage.\n`);
  return 2;
}
