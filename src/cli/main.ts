/**
 * `sightline` command dispatch. Each command lives in its own module and is imported only
 * when used, so the short-lived commands (hook, statusline) start fast.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> }> = {
  serve: { summary: 'Run the server: dashboard, API, live updates, continuous ingestion', load: async () => (await import('./commands/serve.js')).serveCommand },
  import: { summary: 'Import Claude Code transcripts (incremental)', load: async () => (await import('./commands/import.js')).importCommand },
  report: { summary: 'Usage reports: daily | weekly | monthly | session | blocks', load: async () => (await import('./commands/report-entry.js')).reportCommand },
  hook: { summary: 'Claude Code hook handler: reads a hook payload on stdin, sends it to the server', load: async () => (await import('./commands/hook.js')).hookCommand },
  hooks: { summary: 'hooks install | uninstall: add or remove Sightline in Claude Code settings', load: async () => (await import('./commands/hooks-install.js')).hooksCommand },
  agent: { summary: "Ship this machine's sessions to a team server (incremental, resumable)", load: async () => (await import('./commands/agent.js')).agentCommand },
  user: { summary: 'Team-mode accounts: add | list | reset-password | disable | enable', load: async () => (await import('./commands/user.js')).userCommand },
  statusline: { summary: 'Claude Code status line: model, context, costs, 5-hour block', load: async () => (await import('./commands/statusline.js')).statuslineCommand },
};

export const VERSION = '0.1.0';

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`sightline: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (err) {
    process.stderr.write(`sightline ${name}: ${(err as Error).message}\n`);
    if (process.env.SIGHTLINE_DEBUG) process.stderr.write(`${(err as Error).stack}\n`);
    return 1;
  }
}

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Sightline ${VERSION} — observability for AI agent sessions

Usage: sightline <command> [options]

Commands:
${lines.join('\n')}

Run 'sightline <command> --help' for a command's options.
Data lives in $SIGHTLINE_HOME (default ~/.sightline); set DATABASE_URL to use PostgreSQL.
`;
}
