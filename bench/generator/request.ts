import type { Conversation } from './conversation.js';
import { writeApiRetries, writeSyntheticFailure } from './errors.js';
import { writeToolResult } from './lines.js';
import { assistantText, thinkingText } from './prose.js';
import { textBlock, thinkingBlock, toolUseBlock, writeResponse, type Block } from './response.js';
import { planAgentCall, spawnAgents, type AgentCall } from './agent-call.js';
import { nextToolCall } from './tools.js';
import type { ToolCall } from './tool-call.js';

export type RequestOutcome = 'tools' | 'answered' | 'failed';

/**
 * One API request of the agent loop: possible retries, the response lines, then the results
 * of every tool it called (subagents run in between). `final` asks for a plain answer.
 */
export function runRequest(c: Conversation, final: boolean, agentCount: number): RequestOutcome {
  if (c.features.syntheticFailure || c.rng.chance(0.0015)) {
    c.features.syntheticFailure = false;
    writeApiRetries(c, c.rng.int(4, 10), true);
    writeSyntheticFailure(c);
    return 'failed';
  }
  if (c.features.apiErrorRetries || c.rng.chance(0.012)) {
    c.features.apiErrorRetries = false;
    writeApiRetries(c, c.rng.int(1, 3), c.rng.chance(0.3));
  }
  const blocks: Block[] = [];
  if (c.rng.chance(c.model.thinkingRate)) blocks.push(thinkingBlock(c, thinkingText(c.rng, c.rng.int(1, 6))));
  if (final && agentCount === 0) {
    blocks.push(textBlock(assistantText(c.rng, c.rng.int(1, 6))));
    writeResponse(c, blocks, 'end_turn');
    return 'answered';
  }
  if (c.rng.chance(0.4)) blocks.push(textBlock(assistantText(c.rng, c.rng.int(1, 2))));
  const toolCalls: ToolCall[] = [];
  const toolCount = agentCount > 0 ? 0 : c.rng.weighted<number>([[1, 72], [2, 16], [3, 8], [4, 4]]);
  for (let i = 0; i < toolCount; i++) toolCalls.push(nextToolCall(c));
  const agentCalls = spawnPlans(c, agentCount);
  for (const call of toolCalls) blocks.push(toolUseBlock(call.id, call.name, call.inputJson));
  for (const call of agentCalls) blocks.push(toolUseBlock(call.id, 'Agent', call.inputJson));
  const lineUuids = writeResponse(c, blocks, 'tool_use');
  const firstToolLine = blocks.length - toolCalls.length - agentCalls.length;
  toolCalls.forEach((call, i) => {
    c.tick(call.durationMs);
    writeToolResult(c, { parentUuid: lineUuids[firstToolLine + i], toolUseId: call.id, contentJson: call.contentJson, isError: call.isError, toolUseResultJson: call.toolUseResultJson });
    c.context.add(call.contextTokens);
    c.toolUseCount++;
  });
  if (agentCalls.length > 0) spawnAgents(c, agentCalls, lineUuids.slice(firstToolLine + toolCalls.length));
  return 'tools';
}

function spawnPlans(c: Conversation, count: number): AgentCall[] {
  const calls: AgentCall[] = [];
  for (let i = 0; i < count; i++) {
    const budget = c.pendingSubagents.shift();
    if (budget === undefined) break;
    calls.push(planAgentCall(c, budget));
  }
  return calls;
}
