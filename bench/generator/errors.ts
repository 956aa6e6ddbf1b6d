import type { Conversation } from './conversation.js';
import { requestId } from './ids.js';
import { writeAssistantBlock, writeSystem } from './lines.js';

const OVERLOADED = { status: 529, type: 'overloaded_error', message: 'Overloaded' };
const RATE_LIMITED = { status: 429, type: 'rate_limit_error', message: 'This request would exceed your rate limit.' };

/** `system/api_error` lines, one per retry, each followed by the retry wait. */
export function writeApiRetries(c: Conversation, count: number, rateLimited: boolean): void {
  const failure = rateLimited ? RATE_LIMITED : OVERLOADED;
  for (let attempt = 1; attempt <= count; attempt++) {
    const retryInMs = Math.round(500 * 2 ** (attempt - 1) * (1 + c.rng.float() * 0.25) * 100) / 100;
    writeSystem(
      c,
      'api_error',
      'error',
      `,"error":{"status":${failure.status},"headers":{},"requestID":"${requestId(c.rng)}","error":{"type":"error","error":{"type":"${failure.type}","message":"${failure.message}"}}},` +
        `"retryInMs":${retryInMs},"retryAttempt":${attempt},"maxRetries":10`,
    );
    c.tick(retryInMs);
  }
}

/** The synthetic assistant line Claude Code writes when it gives up (no requestId, zero usage). */
export function writeSyntheticFailure(c: Conversation): void {
  c.tick(c.rng.int(50, 400));
  writeAssistantBlock(c, {
    messageId: c.uuid(),
    requestId: null,
    model: '<synthetic>',
    blockJson: `{"type":"text","text":"API Error: 429 {\\"type\\":\\"error\\",\\"error\\":{\\"type\\":\\"rate_limit_error\\",\\"message\\":\\"${RATE_LIMITED.message}\\"}}"}`,
    stopReason: 'stop_sequence',
    usageJson: '{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard"}',
    extra: ',"isApiErrorMessage":true,"error":"rate_limit","apiErrorStatus":429',
  });
}
