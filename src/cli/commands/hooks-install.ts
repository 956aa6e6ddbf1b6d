import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from '../args.js';
import { withSightlineHooks, withSightlineStatusLine, withoutSightlineHooks, withoutSightlineStatusLine, SIGHTLINE_HOOK_EVENTS } from '../hook-client/claude-settings.js';
import { backupSettings, readSettings, readSidecar, removeSidecar, writeSettings, writeSidecar } from '../hook-client/settings-file.js';

const HELP = `Usage: sightline hooks install [--project] [--settings PATH] [--statusline [--force]]
       sightline hooks uninstall [--project] [--settings PATH]

install    adds Sightline's handler (\`sightline hook\`) for every Claude Code hook event it
           records to ~/.claude/settings.json, keeping every other setting and hook. Running it
           again changes nothing. The file is backed up first (settings.json.sightline-backup-<time>).
uninstall  removes exactly Sightline's handlers (and its statusLine, restoring yours).

Options:
  --project          edit ./.claude/settings.json instead of the user settings
  --settings PATH    edit this settings file
  --statusline       also make \`sightline statusline\` Claude Code's status line
  --force            with --statusline: replace an existing statusLine of yours (uninstall restores it)
  -h, --help         this help
`;

/** `sightline hooks install|uninstall`. */
export async function hooksCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    project: { type: 'boolean' },
    settings: { type: 'string' },
    statusline: { type: 'boolean' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const action = positionals[0];
  if (values.help || (action !== 'install' && action !== 'uninstall')) {
    (values.help ? process.stdout : process.stderr).write(HELP);
    return values.help ? 0 : 2;
  }
  const path = settingsPath(values.settings as string | undefined, values.project === true);
  const message = action === 'install' ? install(path, values.statusline === true, values.force === true) : uninstall(path);
  process.stdout.write(`${message}\n`);
  return 0;
}

/** ~/.claude/settings.json (or the first CLAUDE_CONFIG_DIR), ./.claude/settings.json with --project, or --settings. */
export function settingsPath(explicit: string | undefined, project: boolean, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (project) return join(process.cwd(), '.claude', 'settings.json');
  const configDir = env.CLAUDE_CONFIG_DIR?.split(',')[0]?.trim();
  return join(configDir || join(homedir(), '.claude'), 'settings.json');
}

/** The command Claude Code runs: absolute node and bin paths, so it works without PATH. */
export function sightlineCommand(sub: 'hook' | 'statusline'): string {
  const bin = fileURLToPath(new URL('../../../../bin/sightline.js', import.meta.url));
  return `"${process.execPath}" "${bin}" ${sub}`;
}

export function install(path: string, statusLine: boolean, force: boolean): string {
  const before = readSettings(path);
  let after = withSightlineHooks(before, sightlineCommand('hook'));
  const notes: string[] = [];
  if (statusLine) {
    const change = withSightlineStatusLine(after, sightlineCommand('statusline'), force);
    after = change.settings;
    if (change.keptUsers) notes.push('kept your existing statusLine (use --force to replace it)');
    if (change.replaced) writeSidecar(path, change.replaced);
  }
  return save(path, before, after, `installed Sightline hooks for ${SIGHTLINE_HOOK_EVENTS.length} events in ${path}`, notes);
}

export function uninstall(path: string): string {
  const before = readSettings(path);
  const previous = readSidecar(path).previousStatusLine;
  const after = withoutSightlineStatusLine(withoutSightlineHooks(before), previous);
  const message = save(path, before, after, `removed Sightline hooks from ${path}`, []);
  if (JSON.stringify(after.statusLine) === JSON.stringify(previous) || !previous) removeSidecar(path);
  return message;
}

function save(path: string, before: object, after: object, done: string, notes: string[]): string {
  if (JSON.stringify(before) === JSON.stringify(after)) return [`${path} already up to date`, ...notes].join('\n');
  const backup = backupSettings(path);
  writeSettings(path, after);
  return [done, ...(backup ? [`backup: ${backup}`] : []), ...notes].join('\n');
}
