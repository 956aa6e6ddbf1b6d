import type { Rng } from './rng.js';
import type { ModelSpec } from './models.js';

const FIVE_MINUTES = 300_000;
const ONE_HOUR = 3_600_000;

export interface Usage {
  input: number;
  cacheCreation: number;
  cacheRead: number;
  write5m: number;
  write1h: number;
  output: number;
}

/**
 * Tracks a conversation's context size and prompt-cache state, so usage looks like Claude
 * Code's: almost all input served from cache, reads growing through the session, a full
 * re-write after the cache TTL expires, a reset at compaction.
 */
export class ContextTracker {
  /** Tokens of the conversation so far (system prompt + tools + messages). */
  tokens: number;
  /** Tokens the cache holds from the previous request. */
  private cachedTokens = 0;
  private lastRequestAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly systemTokens: number,
    readonly limit: number,
    readonly oneHourCache: boolean,
    initialTokens: number,
  ) {
    this.tokens = initialTokens;
  }

  add(tokens: number): void {
    this.tokens += Math.max(0, Math.round(tokens));
  }

  /** Usage of one API request made at `now` that produced `output` tokens. */
  request(rng: Rng, model: ModelSpec, now: number, output: number): Usage {
    const input = rng.chance(0.88) ? rng.int(1, 12) : rng.int(50, 3000);
    if (model.gateway) {
      this.lastRequestAt = now;
      this.add(output);
      return { input: this.tokens + input, cacheCreation: 0, cacheRead: 0, write5m: 0, write1h: 0, output };
    }
    const ttl = this.oneHourCache ? ONE_HOUR : FIVE_MINUTES;
    const expired = now - this.lastRequestAt > ttl;
    // The system prompt and tool list are usually still cached by other sessions.
    const cacheRead = expired ? (rng.chance(0.7) ? Math.min(this.systemTokens, this.tokens) : 0) : Math.min(this.cachedTokens, this.tokens);
    const cacheCreation = Math.max(0, this.tokens - cacheRead);
    const write1h = this.oneHourCache ? (rng.chance(0.8) ? cacheCreation : Math.round(cacheCreation / 2)) : 0;
    this.lastRequestAt = now;
    this.cachedTokens = this.tokens;
    this.add(output + input);
    return { input, cacheCreation, cacheRead, write5m: cacheCreation - write1h, write1h, output };
  }

  /** After compaction the conversation is a summary; the cache no longer matches. */
  compact(postTokens: number): void {
    this.tokens = this.systemTokens + postTokens;
    this.cachedTokens = 0;
  }

  shouldAutoCompact(): boolean {
    return this.tokens > this.limit * 0.8;
  }
}

/** The usage object as Claude Code writes it; never JSON null in any field. */
export function usageJson(usage: Usage, outputTokens: number, fast: boolean): string {
  return (
    `{"input_tokens":${usage.input},"cache_creation_input_tokens":${usage.cacheCreation},"cache_read_input_tokens":${usage.cacheRead},` +
    `"cache_creation":{"ephemeral_5m_input_tokens":${usage.write5m},"ephemeral_1h_input_tokens":${usage.write1h}},` +
    `"output_tokens":${outputTokens},"service_tier":"standard"${fast ? ',"speed":"fast"' : ''}}`
  );
}
