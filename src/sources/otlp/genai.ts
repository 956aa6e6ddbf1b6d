import type { CanonicalEvent } from '../../core/event.js';
import { int, type Attributes } from './values.js';

/**
 * GenAI semantic-convention usage → our Anthropic-style counts (formats.md §7.6):
 * `gen_ai.usage.input_tokens` includes cached tokens, so the uncached part is what remains after
 * cache reads and writes. The deprecated prompt/completion names are read when the new ones are absent.
 */
export function genAiUsage(a: Attributes): Pick<CanonicalEvent, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheCreationTokens'> {
  const totalInput = int(a, 'gen_ai.usage.input_tokens') ?? int(a, 'gen_ai.usage.prompt_tokens');
  const cacheRead = int(a, 'gen_ai.usage.cache_read.input_tokens');
  const cacheCreation = int(a, 'gen_ai.usage.cache_creation.input_tokens');
  const cached = Math.max(0, cacheRead ?? 0) + Math.max(0, cacheCreation ?? 0);
  return {
    inputTokens: totalInput === null ? null : totalInput < 0 ? totalInput : Math.max(0, totalInput - cached),
    outputTokens: int(a, 'gen_ai.usage.output_tokens') ?? int(a, 'gen_ai.usage.completion_tokens'),
    cacheReadTokens: cacheRead,
    cacheCreationTokens: cacheCreation,
  };
}
