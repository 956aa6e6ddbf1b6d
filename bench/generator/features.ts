import type { Rng } from './rng.js';
import { MODELS, type ModelSpec } from './models.js';

/** Tool flavours a session can be required to produce at least once. */
export type ForcedTool =
  | 'Read' | 'Read:error' | 'Read:image' | 'Bash' | 'Bash:fail' | 'Edit' | 'Edit:error' | 'Write' | 'Grep' | 'Glob'
  | 'WebFetch' | 'mcp__github__create_issue' | 'mcp__playwright__browser_click' | 'mcp__playwright__browser_take_screenshot';

/** What a session should contain beyond what its budget and chance give it. */
export interface SessionFeatures {
  model: ModelSpec | null;
  modelSwitch: boolean;
  fast: boolean;
  oneHourCache: boolean;
  millionContext: boolean;
  apiErrorRetries: boolean;
  syntheticFailure: boolean;
  compaction: boolean;
  btwReplay: boolean;
  resume: boolean;
  partialLastLine: boolean;
  streamingPlaceholder: boolean;
  forcedTools: ForcedTool[];
  forceCorruption: boolean;
  forceSubagent: boolean;
  cwdChange: boolean;
}

const ALL_FORCED_TOOLS: ForcedTool[] = [
  'Read', 'Bash', 'Bash:fail', 'Edit', 'Read:error', 'Grep', 'Glob', 'Write', 'WebFetch', 'Read:image',
  'mcp__github__create_issue', 'mcp__playwright__browser_click', 'mcp__playwright__browser_take_screenshot', 'Edit:error',
];

/** Chance-based features; a random session mostly has none of the rare ones. */
export function randomFeatures(rng: Rng): SessionFeatures {
  return {
    model: null,
    modelSwitch: rng.chance(0.06),
    fast: rng.chance(0.04),
    oneHourCache: rng.chance(0.25),
    millionContext: rng.chance(0.18),
    apiErrorRetries: false,
    syntheticFailure: false,
    compaction: rng.chance(0.02),
    btwReplay: rng.chance(0.015),
    resume: rng.chance(0.03),
    partialLastLine: rng.chance(0.015),
    streamingPlaceholder: false,
    forcedTools: [],
    forceCorruption: false,
    forceSubagent: false,
    cwdChange: rng.chance(0.03),
  };
}

/**
 * The first sessions of a run carry every feature at least once, so that even a 2 MB set
 * exercises every code path of a reader. Index = position in time order.
 */
export function forcedFeatures(index: number, base: SessionFeatures): SessionFeatures {
  switch (index) {
    case 0:
      return { ...base, model: MODELS.opus46, fast: true, oneHourCache: true, apiErrorRetries: true, streamingPlaceholder: true, compaction: true, forcedTools: [...ALL_FORCED_TOOLS], forceCorruption: true, resume: false };
    case 1:
      return { ...base, model: MODELS.sonnet46, millionContext: true, syntheticFailure: true, modelSwitch: true, btwReplay: true, forceSubagent: true, resume: false };
    case 2:
      return { ...base, model: MODELS.sonnet45, resume: true, partialLastLine: true, cwdChange: true };
    case 3:
      return { ...base, model: MODELS.opus48, fast: true, forceSubagent: true };
    case 4:
      return { ...base, model: MODELS.kimi };
    case 5:
      return { ...base, model: MODELS.unknown };
    default:
      return base;
  }
}

/** How many leading sessions get forced features; the resume in #2 copies from #0's project. */
export const FORCED_SESSION_COUNT = 6;
