import type { Conversation } from './conversation.js';
import { jsonString, toolUseId } from './ids.js';
import { writeToolResult } from './lines.js';
import { FUNCTION_NAMES, MODULE_NAMES } from './words.js';
import { runSubagent } from './subagent.js';

/** An `Agent` tool call planned in the main file; the subagent runs after its tool_use line. */
export interface AgentCall {
  id: string;
  inputJson: string;
  agentType: string;
  description: string;
  prompt: string;
  budgetBytes: number;
}

export function planAgentCall(c: Conversation, budgetBytes: number): AgentCall {
  const agentType =
    c.features.forceSubagent || c.rng.chance(0.6) ? 'Explore' : c.rng.weighted<string>([['general-purpose', 85], ['Plan', 15]]);
  c.features.forceSubagent = false;
  const module = c.rng.pick(MODULE_NAMES);
  const description = `${agentType === 'Explore' ? 'Explore' : 'Investigate'} the ${module} module`;
  const prompt = `Find every caller of ${c.rng.pick(FUNCTION_NAMES)} in ${c.project.cwd} and report how each handles errors. Be thorough: check tests too. Report file paths and line numbers.`;
  return {
    id: toolUseId(c.rng),
    inputJson: `{"description":${jsonString(description)},"prompt":${jsonString(prompt)},"subagent_type":"${agentType}"}`,
    agentType,
    description,
    prompt,
    budgetBytes,
  };
}

/** Runs the subagents (concurrently in time), then writes each Agent tool_result in the main file. */
export function spawnAgents(c: Conversation, calls: AgentCall[], toolUseLineUuids: string[]): void {
  const start = c.clock;
  let end = start;
  const reports = calls.map((call, i) => {
    const report = runSubagent(c, call, start + 40 * (i + 1));
    end = Math.max(end, report.endClock);
    return report;
  });
  c.clock = end;
  reports.forEach((report, i) => {
    const call = calls[i];
    c.tick(c.rng.int(20, 300));
    const durationMs = report.endClock - start;
    const footer = `agentId: ${report.agentId} (use SendMessage with to: '${report.agentId}' to continue this agent)\n<usage>total_tokens: ${report.totalTokens}\ntool_uses: ${report.toolUseCount}\nduration_ms: ${durationMs}</usage>`;
    writeToolResult(c, {
      parentUuid: toolUseLineUuids[i],
      toolUseId: call.id,
      contentJson: `[{"type":"text","text":${jsonString(report.text)}},{"type":"text","text":${jsonString(footer)}}]`,
      isError: false,
      toolUseResultJson:
        `{"status":"completed","prompt":${jsonString(call.prompt)},"agentId":"${report.agentId}","agentType":"${call.agentType}",` +
        `"content":[{"type":"text","text":${jsonString(report.text)}}],"totalDurationMs":${durationMs},"totalTokens":${report.totalTokens},` +
        `"totalToolUseCount":${report.toolUseCount},"usage":${report.usageJson}}`,
    });
    c.context.add(Math.ceil(report.text.length / 4));
    c.toolUseCount++;
  });
}
