import type { CanonicalEvent } from '../../core/event.js';
import { costUsd, defaultPriceTable } from '../../core/pricing/index.js';

/**
 * A model call sent without `costUsd` gets it from the bundled price table, exactly as transcript
 * calls do, so API and transcript usage add up the same way. Unpriced models keep null.
 */
export function withComputedCost(event: CanonicalEvent): CanonicalEvent {
  if (event.kind !== 'llm_call' || event.costUsd != null || !event.model) return event;
  const tokens = (event.inputTokens ?? 0) + (event.outputTokens ?? 0) + (event.cacheReadTokens ?? 0) + (event.cacheCreationTokens ?? 0);
  if (tokens === 0) return event;
  event.costUsd = costUsd(defaultPriceTable(), event.model, {
    inputTokens: event.inputTokens ?? 0,
    outputTokens: event.outputTokens ?? 0,
    cacheCreationTokens: event.cacheCreationTokens ?? 0,
    cacheCreation1hTokens: event.cacheCreation1hTokens,
    cacheReadTokens: event.cacheReadTokens ?? 0,
    speed: event.speed,
  });
  return event;
}
