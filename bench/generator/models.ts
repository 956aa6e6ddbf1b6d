import type { Rng } from './rng.js';

export interface ModelSpec {
  id: string;
  /** Largest context Claude Code lets this model use (1M only for some sessions). */
  supportsMillion: boolean;
  /** Gateway models: no prompt caching reported, ids unknown to price tables. */
  gateway: boolean;
  opus: boolean;
  thinkingRate: number;
}

export const MODELS: Record<string, ModelSpec> = {
  sonnet46: { id: 'claude-sonnet-4-6', supportsMillion: true, gateway: false, opus: false, thinkingRate: 0.5 },
  opus46: { id: 'claude-opus-4-6', supportsMillion: true, gateway: false, opus: true, thinkingRate: 0.6 },
  haiku45: { id: 'claude-haiku-4-5-20251001', supportsMillion: false, gateway: false, opus: false, thinkingRate: 0.1 },
  sonnet45: { id: 'claude-sonnet-4-5-20250929', supportsMillion: false, gateway: false, opus: false, thinkingRate: 0.4 },
  opus48: { id: 'claude-opus-4-8', supportsMillion: true, gateway: false, opus: true, thinkingRate: 0.6 },
  kimi: { id: 'kimi-k2-0905', supportsMillion: false, gateway: true, opus: false, thinkingRate: 0 },
  /** a gateway model no price table knows: exercises the "unpriced, never $0" path */
  unknown: { id: 'acme-coder-1', supportsMillion: false, gateway: true, opus: false, thinkingRate: 0 },
};

/** Models a main session starts with; haiku appears mostly in subagents. */
export function pickSessionModel(rng: Rng): ModelSpec {
  return rng.weighted<ModelSpec>([
    [MODELS.sonnet46, 44],
    [MODELS.opus46, 28],
    [MODELS.sonnet45, 11],
    [MODELS.opus48, 11],
    [MODELS.haiku45, 4],
    [MODELS.kimi, 2],
    [MODELS.unknown, 1],
  ]);
}

/** Model after a `/model` switch: anything but the current one. */
export function pickOtherModel(rng: Rng, current: ModelSpec): ModelSpec {
  const options = [MODELS.sonnet46, MODELS.opus46, MODELS.opus48, MODELS.sonnet45].filter((m) => m !== current);
  return rng.pick(options);
}

/** Claude Code versions in use, oldest first; later days use later versions. */
export const VERSIONS = ['2.1.104', '2.1.112', '2.1.119', '2.1.123', '2.1.131', '2.1.140', '2.1.152', '2.1.163'] as const;
