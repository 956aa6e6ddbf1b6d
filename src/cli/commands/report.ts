import type { Scope } from '../../core/scope.js';
import type { Store } from '../../store/store.js';
import { parseArgs } from 'node:util';
import { UsageError } from '../args.js';
import { buildReport, renderReportTable, REPORT_KINDS, type ReportKind, type ReportOptions } from '../../analytics/reports/index.js';
import { resolveOptions } from '../../analytics/reports/options.js';

const HELP = `Usage: sightline report <daily|weekly|monthly|session|blocks> [options]

Token usage and cost, compatible with ccusage 20 (same JSON fields, plus the classic
date/week/month/sessionId aliases, costSource and unpricedModels).

Reports:
  daily      per local day                   weekly   per week (starting Monday)
  monthly    per month                       session  per session, most expensive first
  blocks     5-hour billing blocks with gaps; burn rate and projection for the active one

Options:
  -j, --json                 print the JSON document instead of a table
  -s, --since <date>         first day, YYYYMMDD or YYYY-MM-DD (local date; session: last activity, UTC)
  -u, --until <date>         last day, inclusive (session: exclusive, as ccusage)
  -z, --timezone <zone>      IANA zone for day/week/month boundaries (default: system, honours TZ; 'local')
  -p, --project <name>       only this project (encoded directory name under projects/; use --project=-home-me-app)
  -o, --order <asc|desc>     row order (default asc; session: desc by cost)
  -m, --mode <mode>          cost: auto (reported costUSD, else computed), calculate (computed), display (reported only)
  -b, --breakdown            per-model rows in the table (JSON always has modelBreakdowns)
  -n, --session-length <h>   blocks: hours per block (default 5)
  -a, --active               blocks: only the active block, with projection
  -r, --recent               blocks: blocks of the last 3 days (and the active one)
      --color / --no-color   force colour on or off (default: on for a terminal, off with NO_COLOR)
  -O, --offline              accepted for ccusage compatibility (prices are always bundled)
  -h, --help                 this help

Examples:
  sightline report daily --json
  sightline report weekly --since 20260301 --until 20260331 --timezone Asia/Kolkata
  sightline report session --order asc --mode calculate
  sightline report blocks --active --json
  sightline report monthly --breakdown --project=-home-dev-shop
`;

const FLAGS = {
  json: { type: 'boolean', short: 'j' },
  since: { type: 'string', short: 's' },
  until: { type: 'string', short: 'u' },
  timezone: { type: 'string', short: 'z' },
  project: { type: 'string', short: 'p' },
  order: { type: 'string', short: 'o' },
  mode: { type: 'string', short: 'm' },
  breakdown: { type: 'boolean', short: 'b' },
  'session-length': { type: 'string', short: 'n' },
  active: { type: 'boolean', short: 'a' },
  recent: { type: 'boolean', short: 'r' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  offline: { type: 'boolean', short: 'O' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface ReportDeps {
  openStore: () => Promise<Store>;
  scope: Scope;
  stdout: NodeJS.WritableStream;
}

/**
 * `sightline report <kind> [flags]`. Returns the exit code: 0 done, 2 bad arguments.
 * @example await runReportCommand(['daily', '--json'], { openStore, scope: localScope, stdout: process.stdout })
 */
export async function runReportCommand(argv: string[], deps: ReportDeps): Promise<number> {
  let parsed: ParsedReportArgs;
  try {
    parsed = parseReportArgs(argv);
    if (!parsed.help) resolveOptions(parsed.kind, parsed.options); // reject bad flags before opening the store
  } catch (err) {
    if (!(err instanceof UsageError || err instanceof RangeError)) throw err;
    process.stderr.write(`sightline report: ${err.message}\nRun 'sightline report --help' for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    deps.stdout.write(HELP);
    return 0;
  }
  const store = await deps.openStore();
  let report: object;
  try {
    report = await buildReport(store, deps.scope, parsed.kind, parsed.options);
  } finally {
    await store.close();
  }
  deps.stdout.write(parsed.json ? JSON.stringify(report, null, 2) + '\n' : renderReportTable(parsed.kind, report, tableOptions(parsed, deps.stdout)));
  return 0;
}

interface ParsedReportArgs {
  kind: ReportKind;
  help: boolean;
  json: boolean;
  color?: boolean;
  options: ReportOptions;
}

/** Flags to ReportOptions; throws UsageError on anything ccusage would reject. */
export function parseReportArgs(argv: string[]): ParsedReportArgs {
  const { values, positionals } = parseFlagValues(argv);
  const help = values.help ?? false;
  const kind = (positionals[0] ?? (help ? 'daily' : undefined)) as ReportKind | undefined; // help needs no kind
  if (!kind) throw new UsageError(`which report? expected one of ${REPORT_KINDS.join(', ')}`);
  if (!REPORT_KINDS.includes(kind)) throw new UsageError(`unknown report '${kind}': expected one of ${REPORT_KINDS.join(', ')}`);
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
  const sessionLength = values['session-length'] === undefined ? undefined : Number(values['session-length']);
  const options: ReportOptions = {
    since: values.since,
    until: values.until,
    timezone: values.timezone,
    project: values.project,
    order: values.order as ReportOptions['order'],
    mode: values.mode as ReportOptions['mode'],
    breakdown: values.breakdown,
    sessionLength,
    active: values.active,
    recent: values.recent,
  };
  const color = values['no-color'] ? false : values.color;
  return { kind, help, json: values.json ?? false, color, options };
}

/** node's parseArgs with FLAGS' exact types kept; its errors become usage errors. */
function parseFlagValues(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function tableOptions(parsed: ParsedReportArgs, stdout: NodeJS.WritableStream) {
  const tty = stdout as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  const color = parsed.color ?? (process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : Boolean(tty.isTTY) && !process.env.NO_COLOR);
  return { breakdown: parsed.options.breakdown, color, width: tty.isTTY ? tty.columns : undefined, timezone: parsed.options.timezone === 'local' ? undefined : parsed.options.timezone };
}
