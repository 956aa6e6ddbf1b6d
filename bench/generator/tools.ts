import type { Conversation } from './conversation.js';
import type { ForcedTool } from './features.js';
import type { ToolCall } from './tool-call.js';
import { editTool, globTool, grepTool, readTool, writeTool } from './tools-fs.js';
import { bashTool } from './tools-shell.js';
import { githubCreateIssueTool, playwrightClickTool, playwrightScreenshotTool, webFetchTool } from './tools-web.js';

const MAIN_TOOLS: ReadonlyArray<readonly [ForcedTool, number]> = [
  ['Read', 28], ['Bash', 24], ['Edit', 14], ['Grep', 9], ['Glob', 5], ['Write', 4], ['WebFetch', 2],
  ['Read:error', 0.6], ['Edit:error', 0.5], ['Read:image', 0.4],
  ['mcp__github__create_issue', 0.8], ['mcp__playwright__browser_click', 1.5], ['mcp__playwright__browser_take_screenshot', 0.7],
];

/** Subagents (Explore and friends) mostly look around. */
const SUBAGENT_TOOLS: ReadonlyArray<readonly [ForcedTool, number]> = [
  ['Read', 40], ['Grep', 25], ['Glob', 12], ['Bash', 18], ['WebFetch', 2], ['Read:error', 1],
];

/** The next tool call: a still-owed forced flavour first, else a weighted draw. */
export function nextToolCall(c: Conversation): ToolCall {
  const flavour = c.forcedTools.shift() ?? c.rng.weighted(c.sidechain ? SUBAGENT_TOOLS : MAIN_TOOLS);
  return buildToolCall(c, flavour);
}

function buildToolCall(c: Conversation, flavour: ForcedTool): ToolCall {
  switch (flavour) {
    case 'Read': return readTool(c, 'ok');
    case 'Read:error': return readTool(c, 'error');
    case 'Read:image': return readTool(c, 'image');
    case 'Bash': return bashTool(c, false);
    case 'Bash:fail': return bashTool(c, true);
    case 'Edit': return editTool(c, 'ok');
    case 'Edit:error': return editTool(c, 'error');
    case 'Write': return writeTool(c);
    case 'Grep': return grepTool(c);
    case 'Glob': return globTool(c);
    case 'WebFetch': return webFetchTool(c);
    case 'mcp__github__create_issue': return githubCreateIssueTool(c);
    case 'mcp__playwright__browser_click': return playwrightClickTool(c);
    case 'mcp__playwright__browser_take_screenshot': return playwrightScreenshotTool(c);
  }
}
