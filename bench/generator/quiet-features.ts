import type { SessionFeatures } from './features.js';

/** No rare feature at all: for subagent and side files. */
export function quietFeatures(): SessionFeatures {
  return {
    model: null, modelSwitch: false, fast: false, oneHourCache: false, millionContext: false, apiErrorRetries: false,
    syntheticFailure: false, compaction: false, btwReplay: false, resume: false, partialLastLine: false,
    streamingPlaceholder: false, forcedTools: [], forceCorruption: false, forceSubagent: false, cwdChange: false,
  };
}
