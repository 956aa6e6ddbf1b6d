import { Rng } from './rng.js';
import { FORCED_SESSION_COUNT, forcedFeatures, randomFeatures } from './features.js';
import { VERSIONS } from './models.js';
import { writeSession, type SessionPlan } from './session.js';
import { planBudgets, type SessionBudget } from './size-plan.js';
import { sessionStartTimes } from './calendar.js';
import { buildCorpus, buildProjects, type World } from './world.js';
import { Corruptor, type GenerateStats } from './writer.js';

export type { GenerateStats } from './writer.js';
export { sizeProfile } from './size-plan.js';
export { encodeProjectDir } from './encode-cwd.js';

export interface GenerateOptions {
  /** Claude config dir to write: files go to `<outDir>/projects/<encoded-cwd>/…`. */
  outDir: string;
  /** Target size of all files together (±10%). */
  totalBytes: number;
  seed?: number;
  /** ISO start of the simulated period; default 2026-10-01T00:00:00Z. */
  startDate?: string;
  /** Length of the simulated period in days; default 45. */
  days?: number;
  /** Number of project directories (different cwds); default 6. */
  projects?: number;
}

/**
 * Writes a realistic Claude Code config dir full of transcripts (formats.md §1): sessions,
 * subagents, duplicates, errors, compactions and a little corruption. Deterministic per seed.
 *
 * @example
 * const stats = await generateTranscripts({ outDir: '/tmp/cc', totalBytes: 2_000_000, seed: 7 });
 * // CLAUDE_CONFIG_DIR=/tmp/cc ccusage daily
 */
export async function generateTranscripts(opts: GenerateOptions): Promise<GenerateStats> {
  const rng = new Rng(opts.seed ?? 1);
  const days = Math.max(1, opts.days ?? 45);
  const startMs = Date.parse(opts.startDate ?? '2026-10-01T00:00:00Z');
  if (!Number.isFinite(startMs)) throw new Error(`invalid startDate: ${opts.startDate}`);
  const stats: GenerateStats = { files: 0, bytes: 0, sessions: 0, lines: 0, malformedLines: 0, partialLastLines: 0 };
  const world: World = {
    outDir: opts.outDir,
    projects: buildProjects(rng.fork(1), opts.projects ?? 6),
    corpus: buildCorpus(rng.fork(2)),
    corruptor: new Corruptor(rng.fork(3)),
    stats,
    resumeSources: new Map(),
    startMs,
    days,
  };
  const plans = planSessions(world, opts.totalBytes, rng.fork(4));
  let plannedSoFar = 0;
  for (const [index, plan] of plans.entries()) {
    const plannedBytes = plan.mainBytes + plan.subagentBytes.reduce((sum, bytes) => sum + bytes, 0);
    const surplus = stats.bytes - plannedSoFar;
    plannedSoFar += plannedBytes;
    // Small sessions cannot shrink below a prompt and an answer: drop one instead when far ahead.
    if (index >= FORCED_SESSION_COUNT && !plan.giant && surplus >= plannedBytes) continue;
    if (!plan.giant) rebalance(plan, surplus);
    writeSession(world, plan);
    stats.sessions++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return stats;
}

/** Budgets shuffled onto the calendar, with projects, versions and features. */
function planSessions(world: World, totalBytes: number, rng: Rng): SessionPlan[] {
  const budgets = shuffle(planBudgets(totalBytes, rng), rng);
  const starts = sessionStartTimes(budgets.length, world.startMs, world.days, rng);
  const projectWeights = world.projects.map((project, index) => [index, project.weight] as const);
  const plans = budgets.map((budget: SessionBudget, index): SessionPlan => {
    const base = randomFeatures(rng);
    const features = index < FORCED_SESSION_COUNT ? forcedFeatures(index, base) : base;
    const dayFraction = (starts[index] - world.startMs) / (world.days * 86_400_000);
    const versionIndex = Math.min(VERSIONS.length - 1, Math.max(0, Math.floor(dayFraction * VERSIONS.length) + rng.int(-1, 0)));
    return {
      sessionId: rng.uuid(),
      projectIndex: rng.weighted(projectWeights),
      startClock: starts[index] + rng.int(0, 59_999),
      version: VERSIONS[versionIndex],
      mainBytes: budget.mainBytes,
      subagentBytes: budget.giant ? [] : budget.subagentBytes,
      giant: budget.giant,
      features: { ...features, resume: features.resume && index > 0 },
      rng: rng.fork(index),
    };
  });
  // The forced resume (#2) copies from the first session, so it must live in the same project.
  if (plans.length > 2) plans[2].projectIndex = plans[0].projectIndex;
  return plans;
}

/** Moves the next session's budget against the running over/undershoot, so the total lands near the target. */
function rebalance(plan: SessionPlan, surplusBytes: number): void {
  const adjust = Math.max(-0.6 * plan.mainBytes, Math.min(plan.mainBytes, -surplusBytes * 0.5));
  plan.mainBytes = Math.max(2500, plan.mainBytes + adjust);
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
