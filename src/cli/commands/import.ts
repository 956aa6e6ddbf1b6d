import { parseFlags } from '../args.js';
import { callServer, openStoreOrServer, type RemoteServer } from '../remote.js';
import { importTranscripts, type ImportSummary } from '../../ingest/transcript-import.js';
import { claudeConfigRoots, normalizeRoot } from '../../sources/claude-code/discover.js';
import { progressBar } from '../progress.js';
import { IMPORT_DUCKDB_THREADS, openStore } from '../../store/open.js';
import { formatBytes } from '../bytes.js';

const HELP = `Usage: sightline import [DIR…] [options]

Import Claude Code transcripts (projects/**/*.jsonl, subagent files included) into the store.
Incremental: each file is read from where the last import stopped; unchanged files are skipped.

DIR        a Claude config dir (holding projects/) or a projects/ dir.
           Default: $CLAUDE_CONFIG_DIR (comma-separated) when set, else ~/.config/claude and ~/.claude

Options:
  --json           print the summary as JSON
  --workers N      parser threads (default: number of cores, at most 4)
  --batch-mb N     events per store transaction, in MiB of encoded events (default 8)
  --quiet          no progress bar
  -h, --help       this help

Example:
  sightline import                       # the discovered dirs
  sightline import ~/archive/claude      # an archived config dir
`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    json: { type: 'boolean' },
    workers: { type: 'string' },
    'batch-mb': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64)) {
    process.stderr.write(`sightline import: --workers must be a whole number from 1 to 64, got '${values.workers}'\n`);
    return 2;
  }
  const batchMb = values['batch-mb'] === undefined ? undefined : Number(values['batch-mb']);
  if (batchMb !== undefined && (!Number.isFinite(batchMb) || batchMb <= 0 || batchMb > 1024)) {
    process.stderr.write(`sightline import: --batch-mb must be a number from 0 to 1024, got '${values['batch-mb']}'\n`);
    return 2;
  }
  const roots = positionals.length > 0 ? positionals.map(normalizeRoot) : claudeConfigRoots();
  if (roots.length === 0) {
    process.stderr.write('sightline import: no Claude Code data found (looked in ~/.config/claude and ~/.claude). Pass a directory, or set CLAUDE_CONFIG_DIR.\n');
    return 1;
  }
  const target = await openStoreOrServer(() => openStore({ duckdbThreads: IMPORT_DUCKDB_THREADS }));
  if ('server' in target) return importOverHttp(target.server, roots, values.json === true);
  const store = target.store;
  const bar = !values.quiet && !values.json && process.stderr.isTTY ? progressBar(process.stderr) : null;
  try {
    const summary = await importTranscripts({
      store,
      roots,
      workers,
      batchBytes: batchMb === undefined ? undefined : Math.round(batchMb * 1024 * 1024),
      onProgress: bar ? (p) => bar.update(p.bytesDone, p.bytesTotal, `${p.filesDone}/${p.filesTotal} files · ${p.events.toLocaleString('en-US')} events`) : undefined,
    });
    bar?.done();
    process.stdout.write(values.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary));
    return 0;
  } finally {
    bar?.done();
    await store.close();
  }
}

/** A running `sightline serve` holds the store: it imports, we print its summary. */
async function importOverHttp(server: RemoteServer, roots: string[], json: boolean): Promise<number> {
  const summary = await callServer<ImportSummary>(server, 'POST', '/api/v1/ingest/import', { roots });
  if (!json) process.stderr.write(`sightline import: the store is held by the running server at ${server.url}; imported through it\n`);
  process.stdout.write(json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary));
  return 0;
}

export function renderSummary(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `Imported from ${s.roots.join(', ')}`,
    `  files     ${n(s.files)} found, ${n(s.filesRead)} read, ${n(s.filesUnchanged)} unchanged`,
    `  bytes     ${formatBytes(s.bytes)}`,
    `  events    ${n(s.events)} parsed, ${n(s.newEvents)} new`,
    `  sessions  ${n(s.sessions)} touched`,
    `  malformed ${n(s.malformedLines)} line${s.malformedLines === 1 ? '' : 's'} skipped`,
    `  unpriced  ${s.unpricedModels.length ? s.unpricedModels.join(', ') + ' (no price known: their cost is not counted)' : 'none'}`,
    `  time      ${s.seconds.toFixed(2)} s`,
  ];
  for (const p of s.problems) lines.push(`  warning   ${p.path}: ${p.message}`);
  return lines.join('\n') + '\n';
}
