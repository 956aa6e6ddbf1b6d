import { parseFlags } from '../args.js';
import { VERSION } from '../main.js';
import { sightlineHome } from '../../core/config.js';
import { claudeConfigRoots } from '../../sources/claude-code/discover.js';
import { DEFAULT_HOST, DEFAULT_PORT, startServer, type RunningServer } from '../../server/start.js';
import { removeServerFile, writeServerFile } from '../../server/server-file.js';

const HELP = `Usage: sightline serve [options]

Run the Sightline server: the dashboard, the read API under /api/v1, the live WebSocket
and continuous ingestion of your Claude Code transcripts.

Options:
  --port N           port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H           address to bind (default ${DEFAULT_HOST}: this machine only)
  --no-watch         import once at start, then do not follow transcript changes
  --demo             also load demo data (generated sessions ending now, marked as demo;
                     remove them from the dashboard's banner or with DELETE /api/v1/demo)
  --team             team mode: accounts, roles and API keys instead of the local token
                     (also SIGHTLINE_MODE=team). The first visit creates the first team and
                     its admin; add people with invites or 'sightline user add'. A team server
                     reads no transcripts of its own: each developer runs 'sightline agent'
                     (docs/agent.md), or points hooks at it with SIGHTLINE_SERVER and SIGHTLINE_KEY.
  --log-level L      fatal | error | warn | info | debug | trace | silent (default info)
  -h, --help         this help

Local mode: every request needs the access token in $SIGHTLINE_HOME/token (created on first start,
mode 0600): open the printed link once (it sets a cookie), or send "Authorization: Bearer <token>".
Team mode: people sign in (session cookie); scripts and agents send "Authorization: Bearer sl_…"
API keys. Cookies are signed with SIGHTLINE_SECRET or $SIGHTLINE_HOME/secret (created, mode 0600);
set SIGHTLINE_SECRET (32+ characters) to share it between instances.
While the server runs, \`sightline import\` and \`sightline report\` talk to it over HTTP.
Stop it with Ctrl-C (or SIGTERM): buffers are flushed and the database closed cleanly.

Examples:
  sightline serve
  sightline serve --port 8080
  sightline serve --team --host 0.0.0.0
  DATABASE_URL=postgres://sightline@db/sightline sightline serve --host 0.0.0.0
`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** `sightline serve`: runs until SIGINT/SIGTERM, then shuts down gracefully and returns 0. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'no-watch': { type: 'boolean' },
    demo: { type: 'boolean' },
    team: { type: 'boolean' },
    'log-level': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--port must be a whole number from 0 to 65535, got '${values.port}'`);
  const logLevel = (values['log-level'] as string | undefined) ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) return usageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  const mode = values.team || process.env.SIGHTLINE_MODE === 'team' ? 'team' : 'local';
  if (process.env.SIGHTLINE_MODE && !['team', 'local'].includes(process.env.SIGHTLINE_MODE)) return usageError(`SIGHTLINE_MODE must be 'local' or 'team', got '${process.env.SIGHTLINE_MODE}'`);
  if (mode === 'team' && values.demo) return usageError('--demo is for local mode; in team mode load demo data from the dashboard as an admin');
  const home = sightlineHome();
  const server = await startServer({
    home,
    host: (values.host as string | undefined) ?? DEFAULT_HOST,
    port,
    // a team server reads no transcripts of its own: they belong to no account; developers run `sightline agent`
    roots: mode === 'team' ? [] : claudeConfigRoots(),
    watch: mode === 'local' && !values['no-watch'],
    version: VERSION,
    mode,
    logger: logLevel === 'silent' ? false : { level: logLevel },
  });
  await writeServerFile(home, { url: server.url, pid: process.pid, startedAt: new Date().toISOString() });
  const link = mode === 'team' ? `${server.url} (team mode: sign in there)` : server.tokenUrl;
  process.stdout.write(`Sightline is running at ${link}\n`);
  if (values.demo) void loadDemoData(server);
  return waitForShutdown(server, home);
}

/** `--demo`: the same request as the dashboard's "Load demo data" button. */
async function loadDemoData(server: RunningServer): Promise<void> {
  process.stdout.write('Loading demo data…\n');
  try {
    const response = await fetch(`${server.url}/api/v1/demo`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` } });
    const body = (await response.json()) as { sessions?: number; events?: number; error?: { message: string } };
    if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    process.stdout.write(`Demo data loaded: ${body.sessions} sessions, ${body.events} events (marked as demo; "Remove demo data" in the dashboard deletes them).\n`);
  } catch (error) {
    process.stderr.write(`sightline serve: could not load demo data: ${(error as Error).message}\n`);
  }
}

function usageError(message: string): number {
  process.stderr.write(`sightline serve: ${message}\nRun 'sightline serve --help' for usage.\n`);
  return 2;
}

/** Resolves with the exit code once a signal has stopped everything; a second signal forces exit. */
function waitForShutdown(server: RunningServer, home: string): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`sightline serve: ${signal} again, exiting without waiting\n`);
        process.exit(1);
      }
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      void shutdown(server, home).then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function shutdown(server: RunningServer, home: string): Promise<number> {
  let code = 0;
  try {
    await server.close();
  } catch (error) {
    process.stderr.write(`sightline serve: shutdown: ${(error as Error).message}\n`);
    code = 1;
  }
  await removeServerFile(home).catch(() => undefined);
  // Everything is closed; should a library still hold a handle, do not hang on it.
  setTimeout(() => process.exit(code), 2000).unref();
  return code;
}
