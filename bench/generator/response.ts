import type { Conversation } from './conversation.js';
import { jsonString, messageId, requestId } from './ids.js';
import { writeAssistantBlock } from './lines.js';
import { usageJson } from './usage.js';

/** One content block of an assistant response, pre-serialised. */
export interface Block {
  json: string;
  outputTokens: number;
}

export const thinkingBlock = (c: Conversation, text: string): Block => {
  // Newer models often write an empty (redacted) thinking text; the signature is always there.
  const shown = c.rng.chance(0.3) ? '' : text;
  const signature = c.world.corpus.base64.slice(0, c.rng.int(200, 1200));
  return { json: `{"type":"thinking","thinking":${jsonString(shown)},"signature":"${signature}"}`, outputTokens: Math.ceil(text.length / 4) + c.rng.int(20, 1500) };
};

export const textBlock = (text: string): Block => ({ json: `{"type":"text","text":${jsonString(text)}}`, outputTokens: Math.ceil(text.length / 4) + 2 });

export const toolUseBlock = (id: string, name: string, inputJson: string): Block => ({
  json: `{"type":"tool_use","id":"${id}","name":"${name}","input":${inputJson}}`,
  outputTokens: Math.ceil(inputJson.length / 4) + 20,
});

/**
 * Writes one API response as Claude Code does: one line per content block, all sharing the
 * message id, request id and usage. Sometimes the earlier lines carry a placeholder
 * output_tokens (streaming snapshot) and only the last line the final count.
 * Returns the uuid of each block's line.
 */
export function writeResponse(c: Conversation, blocks: Block[], stopReason: string): string[] {
  c.tick(c.rng.int(700, 6000));
  const output = blocks.reduce((sum, block) => sum + block.outputTokens, 0);
  const usage = c.context.request(c.rng, c.model, c.clock, output);
  const id = messageId(c.rng);
  const request = requestId(c.rng);
  const fast = c.features.fast && c.model.opus;
  const finalUsage = usageJson(usage, output, fast);
  const placeholder = blocks.length > 1 && (c.features.streamingPlaceholder || c.rng.chance(0.2));
  const placeholderUsage = placeholder ? usageJson(usage, c.rng.int(1, 30), fast) : finalUsage;
  const tokensPerMs = c.rng.int(40, 110) / 1000;
  const uuids: string[] = [];
  blocks.forEach((block, index) => {
    const last = index === blocks.length - 1;
    c.tick(block.outputTokens / tokensPerMs);
    uuids.push(
      writeAssistantBlock(c, {
        messageId: id,
        requestId: request,
        model: c.model.id,
        blockJson: block.json,
        stopReason: last ? stopReason : null,
        usageJson: last ? finalUsage : placeholderUsage,
      }),
    );
  });
  c.recent.push({ messageId: id, model: c.model.id, blockJsons: blocks.map((block) => block.json), usageJson: finalUsage, stopReason });
  if (c.recent.length > 3) c.recent.shift();
  c.lastUsageJson = finalUsage;
  c.totalTokens += usage.input + usage.cacheCreation + usage.cacheRead + output;
  return uuids;
}
