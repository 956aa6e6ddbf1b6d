import { join } from 'node:path';
import { Conversation } from './conversation.js';
import { requestId } from './ids.js';
import { writeAssistantBlock, writeUserPrompt } from './lines.js';
import { assistantText, promptText } from './prose.js';
import { quietFeatures } from './quiet-features.js';
import { textBlock, writeResponse } from './response.js';
import { subagentDir } from './subagent.js';
import { ContextTracker } from './usage.js';
import { JsonlFile } from './writer.js';

/**
 * A `/btw` side question: a sidechain file that first replays the parent's latest assistant
 * lines with the same message.id but a NEW requestId (the ccusage #913 double count), then
 * asks and answers the side question. Returns false when there is nothing to replay yet.
 */
export function writeSideQuestion(parent: Conversation): boolean {
  if (parent.recent.length === 0) return false;
  const rng = parent.rng.fork(7);
  const id = `aside_question-${rng.hex(16)}`;
  const side = new Conversation({
    world: parent.world,
    rng,
    file: new JsonlFile(join(subagentDir(parent), `agent-${id}.jsonl`), parent.world.stats, parent.world.corruptor),
    sessionId: parent.sessionId,
    agentId: id,
    project: parent.project,
    cwd: parent.cwd,
    gitBranch: parent.gitBranch,
    version: parent.version,
    entrypoint: parent.entrypoint,
    clock: parent.clock + rng.int(500, 5000),
    model: parent.model,
    context: new ContextTracker(parent.context.systemTokens, parent.context.limit, false, parent.context.tokens),
    budget: 0,
    features: quietFeatures(),
  });
  for (const response of parent.recent.slice(-2)) {
    const replayRequestId = requestId(rng);
    response.blockJsons.forEach((blockJson, i) => {
      const last = i === response.blockJsons.length - 1;
      writeAssistantBlock(side, { messageId: response.messageId, requestId: replayRequestId, model: response.model, blockJson, stopReason: last ? response.stopReason : null, usageJson: response.usageJson });
    });
  }
  writeUserPrompt(side, `/btw ${promptText(rng)}`, rng.uuid());
  writeResponse(side, [textBlock(assistantText(rng, rng.int(1, 3)))], 'end_turn');
  side.file.close();
  return true;
}
