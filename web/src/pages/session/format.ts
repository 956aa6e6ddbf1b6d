/** Small display helpers of the session pages. */

/** `claude-sonnet-4-5-20250929` → `sonnet-4-5`: short enough for a chip; the full name goes in a title. */
export function shortModel(model: string): string {
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
}

/** Offset from the session start: `+1:02:03` or `+02:03`. */
export function fmtOffset(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `+${h}:${mm}:${ss}` : `+${mm}:${ss}`;
}

/** The text a kind is shown as. */
export const KIND_LABELS: Record<string, string> = {
  prompt: 'Prompt',
  llm_call: 'Model call',
  tool_call: 'Tool',
  api_error: 'Retry',
  error: 'Error',
  compaction: 'Compaction',
  log: 'Log',
  session_start: 'Start',
  session_end: 'End',
  subagent: 'Subagent',
  memory: 'Memory',
  job_run: 'Job',
  capability: 'Capability',
};

// Cached Intl formatters: the timeline formats thousands of rows while scrolling, and
// Number/Date#toLocaleString build a new formatter on every call.
const usd4 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
const usd3 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 3 });
const usd2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd0 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Same output as lib/format fmtUsd, with cached formatters. */
export function fmtCost(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const abs = Math.abs(value);
  const f = abs >= 100 ? usd0 : abs >= 1 ? usd2 : abs >= 0.01 ? usd3 : usd4;
  return '$' + f.format(value);
}

export function fmtDateTime(ts: number): string {
  return dateTime.format(ts);
}
