import { COST_MODES, type CostMode } from './cost-mode.js';
import { parseDateFlag } from './dates.js';
import { resolveTimeZone } from './local-time.js';

export type ReportKind = 'daily' | 'weekly' | 'monthly' | 'session' | 'blocks';
export const REPORT_KINDS: readonly ReportKind[] = ['daily', 'weekly', 'monthly', 'session', 'blocks'];

/** What a caller may ask of a report; every field optional, ccusage's defaults apply. */
export interface ReportOptions {
  /** first local date, YYYYMMDD or YYYY-MM-DD */
  since?: string;
  /** last local date (inclusive), YYYYMMDD or YYYY-MM-DD */
  until?: string;
  /** IANA zone for day/week/month boundaries; default the system zone (TZ) */
  timezone?: string;
  /** encoded project directory name under projects/ */
  project?: string;
  order?: 'asc' | 'desc';
  mode?: CostMode;
  /** per-model rows in the table; JSON always has modelBreakdowns */
  breakdown?: boolean;
  /** hours per billing block (blocks only), default 5 */
  sessionLength?: number;
  active?: boolean;
  recent?: boolean;
  /** the current time, epoch ms (injectable for tests) */
  now?: number;
}

/** ReportOptions checked and defaulted; errors are RangeErrors a CLI prints as usage errors. */
export interface ResolvedOptions {
  kind: ReportKind;
  since?: string;
  until?: string;
  zone: string;
  project?: string;
  order: 'asc' | 'desc';
  mode: CostMode;
  sessionLength: number;
  active: boolean;
  recent: boolean;
  now: number;
}

export function resolveOptions(kind: ReportKind, opts: ReportOptions): ResolvedOptions {
  if (!REPORT_KINDS.includes(kind)) throw new RangeError(`unknown report '${kind}': expected one of ${REPORT_KINDS.join(', ')}`);
  const since = opts.since ? parseDateFlag(opts.since, 'since') : undefined;
  const until = opts.until ? parseDateFlag(opts.until, 'until') : undefined;
  if (since && until && since > until) throw new RangeError(`the --since date '${opts.since}' is later than the --until date '${opts.until}'`);
  const mode = opts.mode ?? 'auto';
  if (!COST_MODES.includes(mode)) throw new RangeError(`invalid --mode '${mode}': expected auto, calculate or display`);
  const order = opts.order ?? (kind === 'session' ? 'desc' : 'asc');
  if (order !== 'asc' && order !== 'desc') throw new RangeError(`invalid --order '${order}': expected asc or desc`);
  const sessionLength = opts.sessionLength ?? 5;
  if (!(sessionLength > 0) || !Number.isFinite(sessionLength)) throw new RangeError(`invalid --session-length '${opts.sessionLength}': expected a positive number of hours`);
  return {
    kind, since, until, order, mode, sessionLength,
    zone: resolveTimeZone(opts.timezone),
    project: opts.project || undefined,
    active: opts.active ?? false,
    recent: opts.recent ?? false,
    now: opts.now ?? Date.now(),
  };
}
