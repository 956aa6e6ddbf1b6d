import type { Rng } from './rng.js';

const KB = 1024;
const MB = 1024 * KB;
const GiB = 1024 * MB;

/** Shape of the file-size distribution for a given total (a 1 GiB set is the reference). */
export interface SizeProfile {
  /** Median over all .jsonl files (main and subagent). */
  medianBytes: number;
  /** Log-normal spread: median × e^(2.33·sigma) is the p99. */
  sigma: number;
  giantMinBytes: number;
  giantMaxBytes: number;
  /** Ordinary files are capped here so only the giants reach the giant range. */
  bodyCapBytes: number;
  /** Smallest session file worth writing (a prompt and one answer). */
  floorBytes: number;
}

/**
 * Reference (1 GiB): median ~100 KB, p99 ~5 MB, 3–6 files of 50–100 MB. Smaller totals
 * scale the giants proportionally and the median more gently, so that a 2 MB set still has
 * a few dozen sessions.
 */
export function sizeProfile(totalBytes: number): SizeProfile {
  const scale = Math.min(1, totalBytes / GiB);
  return {
    medianBytes: Math.max(4 * KB, 100 * KB * Math.pow(scale, 0.4)),
    sigma: 1.55,
    giantMinBytes: 50 * MB * scale,
    // 96 MiB leaves room for the last turn's overshoot below 100 MiB.
    giantMaxBytes: 96 * MB * scale,
    bodyCapBytes: Math.max(64 * KB, 25 * MB * scale),
    floorBytes: 2.5 * KB,
  };
}

/** Byte budgets of one session: its main file and its subagent files. */
export interface SessionBudget {
  mainBytes: number;
  subagentBytes: number[];
  giant: boolean;
}

/** Main files are drawn a bit larger and subagent files smaller, so the mix has the profile's median. */
const MAIN_MEDIAN_FACTOR = 1.35;
const SUBAGENT_MEDIAN_FACTOR = 0.6;

/** Budgets whose sum is ~totalBytes, giants first (the caller shuffles them into the calendar). */
export function planBudgets(totalBytes: number, rng: Rng): SessionBudget[] {
  const profile = sizeProfile(totalBytes);
  const budgets: SessionBudget[] = [];
  let planned = 0;
  for (const giantBytes of planGiants(totalBytes, profile, rng)) {
    budgets.push({ mainBytes: giantBytes, subagentBytes: [], giant: true });
    planned += giantBytes;
  }
  while (planned < totalBytes) {
    const budget = drawOrdinary(profile, rng);
    const sessionTotal = budget.mainBytes + budget.subagentBytes.reduce((sum, bytes) => sum + bytes, 0);
    if (planned + sessionTotal > totalBytes * 1.02 && budgets.length > 0) {
      budget.subagentBytes = [];
      budget.mainBytes = Math.max(profile.floorBytes, totalBytes - planned);
    }
    budgets.push(budget);
    planned += budget.mainBytes + budget.subagentBytes.reduce((sum, bytes) => sum + bytes, 0);
  }
  return budgets;
}

function planGiants(totalBytes: number, profile: SizeProfile, rng: Rng): number[] {
  const average = (profile.giantMinBytes + profile.giantMaxBytes) / 2;
  const affordable = Math.floor((0.3 * totalBytes) / average);
  const count = Math.min(rng.int(3, 6), affordable);
  const giants: number[] = [];
  for (let i = 0; i < count; i++) {
    giants.push(profile.giantMinBytes + rng.float() * (profile.giantMaxBytes - profile.giantMinBytes));
  }
  return giants;
}

function drawOrdinary(profile: SizeProfile, rng: Rng): SessionBudget {
  const draw = (factor: number): number =>
    Math.min(profile.bodyCapBytes, Math.max(profile.floorBytes, rng.logNormal(profile.medianBytes * factor, profile.sigma)));
  const subagentCount = rng.weighted<number>([[0, 60], [1, 18], [2, 12], [3, 6], [5, 3], [8, 1]]);
  const subagentBytes: number[] = [];
  for (let i = 0; i < subagentCount; i++) subagentBytes.push(draw(SUBAGENT_MEDIAN_FACTOR));
  return { mainBytes: draw(MAIN_MEDIAN_FACTOR), subagentBytes, giant: false };
}
