import type { Conversation } from './conversation.js';
import { writeAiTitle, writeAttachment, writeQueueOperation, writeSystem, writeUserPrompt, writeUserText } from './lines.js';
import { pickOtherModel } from './models.js';
import { promptText, summaryText, titleText } from './prose.js';
import { runRequest } from './request.js';
import { jsonString } from './ids.js';

/**
 * One human prompt and the agent loop it starts: tool rounds until a final answer (or a
 * failure), then the turn_duration line, and compaction when the context is full.
 */
export function runPrompt(c: Conversation, promptIndex: number, firstPromptUuid?: string): string {
  if (promptIndex > 0) c.tick(thinkTime(c));
  if (c.features.cwdChange && promptIndex > 0) changeCwd(c);
  if (c.features.modelSwitch && (promptIndex > 0 || c.model.gateway)) switchModel(c);
  const text = promptIndex === 0 ? promptText(c.rng) : c.rng.chance(0.15) ? 'please continue' : promptText(c.rng);
  if (c.rng.chance(0.01)) writeQueueOperation(c, 'enqueue', text);
  const turnStart = c.clock;
  const linesBefore = c.file.lineCount;
  writeUserPrompt(c, text, c.uuid(), firstPromptUuid);
  if (promptIndex === 0 && c.rng.chance(0.3)) {
    writeAttachment(c, `{"type":"nested_memory","path":${jsonString(`${c.project.cwd}/CLAUDE.md`)},"content":${jsonString(summaryText(c.rng, 4))}}`);
  }
  const maxSteps = c.rng.weighted<number>([[1, 12], [2, 14], [4, 22], [8, 24], [16, 16], [40, 9], [120, 3]]);
  for (let step = 0; ; step++) {
    const agents = dueSubagents(c);
    const wrapUp = c.overBudget && c.forcedTools.length === 0 && c.pendingSubagents.length === 0;
    const final = agents === 0 && (step + 1 >= maxSteps || wrapUp) && c.forcedTools.length === 0;
    const outcome = runRequest(c, final, agents);
    if (outcome !== 'tools') break;
  }
  writeSystem(c, 'turn_duration', 'info', `,"durationMs":${c.clock - turnStart},"messageCount":${c.file.lineCount - linesBefore}`);
  if (promptIndex === 0) writeAiTitle(c, titleText(c.rng));
  if (c.context.shouldAutoCompact()) compact(c, 'auto');
  else if (c.features.compaction) compact(c, 'manual');
  return text;
}

/** Subagents to launch in the next request: spread over the session by bytes written. */
function dueSubagents(c: Conversation): number {
  const pending = c.pendingSubagents.length;
  if (pending === 0) return 0;
  const spawned = c.subagentsTotal - pending;
  const due = c.overBudget || c.file.chars >= (c.budget * (spawned + 0.5)) / c.subagentsTotal;
  if (!due) return 0;
  return Math.min(pending, c.rng.chance(0.3) ? c.rng.int(2, 3) : 1);
}

function thinkTime(c: Conversation): number {
  if (c.rng.chance(0.03)) return c.rng.int(3_600_000, 4 * 3_600_000);
  return Math.min(2 * 3_600_000, c.rng.logNormal(60_000, 1.2));
}

function changeCwd(c: Conversation): void {
  c.features.cwdChange = false;
  c.cwd = `${c.project.cwd}/packages/api`;
  c.refreshHead();
}

function switchModel(c: Conversation): void {
  c.features.modelSwitch = false;
  const next = pickOtherModel(c.rng, c.model);
  writeUserText(c, `<command-name>/model</command-name>\n<command-message>model</command-message>\n<command-args>${next.id}</command-args>`, '');
  c.tick(c.rng.int(200, 2000));
  writeUserText(c, `<local-command-stdout>Set model to ${next.id}</local-command-stdout>`, '');
  c.model = next;
}

/** compact_boundary (chain cut: parentUuid null) followed by the summary user line. */
function compact(c: Conversation, trigger: 'auto' | 'manual'): void {
  c.features.compaction = false;
  const preTokens = c.context.tokens;
  const postTokens = Math.min(c.rng.int(6000, 30_000), Math.round(preTokens * 0.3));
  const durationMs = c.rng.int(15_000, 90_000);
  c.tick(durationMs);
  const boundary = writeSystem(
    c,
    'compact_boundary',
    'info',
    `,"content":"Conversation compacted","logicalParentUuid":"${c.lastUuid}","compactMetadata":{"trigger":"${trigger}","preTokens":${preTokens},"postTokens":${postTokens},"durationMs":${durationMs}}`,
    null,
  );
  const summary = `This session is being continued from a previous conversation that ran out of context. The summary below covers the earlier portion of the conversation.\n\n${summaryText(c.rng, c.rng.int(5, 30))}`;
  writeUserText(c, summary, ',"isCompactSummary":true,"isVisibleInTranscriptOnly":true', boundary);
  c.context.compact(postTokens);
}
