import { join } from 'node:path';
import type { AgentCall } from './agent-call.js';
import { Conversation } from './conversation.js';
import { agentId as newAgentId } from './ids.js';
import { writeUserText } from './lines.js';
import { MODELS } from './models.js';
import { assistantText } from './prose.js';
import { runRequest } from './request.js';
import { ContextTracker } from './usage.js';
import { JsonlFile, writeSmallFile } from './writer.js';
import { quietFeatures } from './quiet-features.js';

export interface SubagentReport {
  agentId: string;
  text: string;
  totalTokens: number;
  toolUseCount: number;
  usageJson: string;
  endClock: number;
}

/** Directory holding a session's subagent files. */
export const subagentDir = (c: Conversation): string =>
  join(c.world.outDir, 'projects', c.project.dirName, c.sessionId, 'subagents');

/**
 * Writes `subagents/agent-<id>.jsonl` (+ `.meta.json`): every line isSidechain, with the
 * agentId and the parent's sessionId. Explore agents run on Haiku.
 */
export function runSubagent(parent: Conversation, call: AgentCall, startClock: number): SubagentReport {
  const rng = parent.rng.fork(parent.toolUseCount);
  const id = newAgentId(rng);
  const dir = subagentDir(parent);
  writeSmallFile(join(dir, `agent-${id}.meta.json`), JSON.stringify({ agentType: call.agentType, description: call.description, toolUseId: call.id, spawnDepth: 1 }), parent.world.stats);
  const model = call.agentType === 'Explore' && !parent.model.gateway ? MODELS.haiku45 : parent.model;
  const systemTokens = rng.int(6000, 12_000);
  const sub = new Conversation({
    world: parent.world,
    rng,
    file: new JsonlFile(join(dir, `agent-${id}.jsonl`), parent.world.stats, parent.world.corruptor),
    sessionId: parent.sessionId,
    agentId: id,
    project: parent.project,
    cwd: parent.cwd,
    gitBranch: parent.gitBranch,
    version: parent.version,
    entrypoint: parent.entrypoint,
    clock: startClock,
    model,
    context: new ContextTracker(systemTokens, 200_000, parent.context.oneHourCache, systemTokens + 300),
    budget: call.budgetBytes,
    features: quietFeatures(),
  });
  writeUserText(sub, call.prompt, '', null);
  for (let step = 0; step < 100_000 && !sub.overBudget; step++) {
    if (runRequest(sub, false, 0) === 'failed') break;
  }
  runRequest(sub, true, 0);
  const text = `## Findings\n\n${assistantText(rng, rng.int(3, 10))}`;
  sub.file.close(rng.chance(0.003) ? sub.lastLine : undefined);
  return { agentId: id, text, totalTokens: sub.totalTokens, toolUseCount: sub.toolUseCount, usageJson: sub.lastUsageJson, endClock: sub.clock };
}
