import type { Conversation } from './conversation.js';
import { jsonString, toolUseId } from './ids.js';
import { assistantText } from './prose.js';
import { base64Image } from './world.js';
import { tokensFor, type ToolCall } from './tool-call.js';

export function webFetchTool(c: Conversation): ToolCall {
  const id = toolUseId(c.rng);
  const url = c.rng.pick(['https://docs.anthropic.com/en/docs/claude-code/hooks', 'https://nodejs.org/api/fs.html', 'https://duckdb.org/docs/sql/functions/list', 'https://github.com/org/repo/issues/412']);
  const notFound = c.rng.chance(0.05);
  const input = `{"url":"${url}","prompt":"Summarise what this page says about ${c.rng.pick(['retries', 'file watching', 'list functions'])}"}`;
  const durationMs = c.rng.int(800, 15_000);
  if (notFound) {
    return { id, name: 'WebFetch', inputJson: input, contentJson: '"Request failed with status code 404"', isError: true, toolUseResultJson: '"Error: Request failed with status code 404"', durationMs, contextTokens: 10 };
  }
  const result = assistantText(c.rng, c.rng.int(3, 12));
  return {
    id,
    name: 'WebFetch',
    inputJson: input,
    contentJson: jsonString(result),
    isError: false,
    toolUseResultJson: `{"bytes":${c.rng.int(8000, 400_000)},"code":200,"codeText":"OK","result":${jsonString(result)},"durationMs":${durationMs},"url":"${url}"}`,
    durationMs,
    contextTokens: tokensFor(result.length),
  };
}

/** MCP results are block arrays; toolUseResult repeats the array. */
function mcpCall(id: string, name: string, inputJson: string, blocksJson: string, durationMs: number, contextTokens: number, isError = false): ToolCall {
  return { id, name, inputJson, contentJson: blocksJson, isError, toolUseResultJson: blocksJson, durationMs, contextTokens };
}

export function githubCreateIssueTool(c: Conversation): ToolCall {
  const number = c.rng.int(100, 2400);
  const title = `Flaky test in ${c.project.repo.pick(c.rng).path}`;
  const issue = JSON.stringify({ number, html_url: `https://github.com/acme/${c.project.dirName.slice(1)}/issues/${number}`, state: 'open', title });
  return mcpCall(
    toolUseId(c.rng),
    'mcp__github__create_issue',
    `{"owner":"acme","repo":"shop","title":${jsonString(title)},"body":${jsonString(assistantText(c.rng, 3))}}`,
    `[{"type":"text","text":${jsonString(issue)}}]`,
    c.rng.int(400, 3000),
    80,
  );
}

export function playwrightClickTool(c: Conversation): ToolCall {
  const ref = `e${c.rng.int(2, 400)}`;
  const lines = ['### Ran Playwright code', '```js', `await page.getByRole('button', { name: 'Checkout' }).click();`, '```', '### Page state', '- Page URL: http://localhost:3000/checkout', '- Page Snapshot:', '```yaml'];
  for (let i = c.rng.int(10, 60); i > 0; i--) lines.push(`- ${c.rng.pick(['generic', 'button', 'link', 'textbox', 'heading'])} "${c.rng.pick(['Total', 'Pay now', 'Email', 'Cart (2)'])}" [ref=e${c.rng.int(2, 400)}]`);
  lines.push('```');
  const text = lines.join('\n');
  return mcpCall(toolUseId(c.rng), 'mcp__playwright__browser_click', `{"element":"Checkout button","ref":"${ref}"}`, `[{"type":"text","text":${jsonString(text)}}]`, c.rng.int(200, 4000), tokensFor(text.length));
}

export function playwrightScreenshotTool(c: Conversation): ToolCall {
  const data = base64Image(c.world.corpus, c.rng, Math.min(c.maxOutputChars / 2, c.rng.logNormal(150_000 * c.outputScale, 0.6)));
  return mcpCall(
    toolUseId(c.rng),
    'mcp__playwright__browser_take_screenshot',
    '{"type":"png","fullPage":false}',
    `[{"type":"text","text":"Took the viewport screenshot and saved it as page-${c.rng.hex(6)}.png"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"${data}"}}]`,
    c.rng.int(300, 2500),
    1600,
  );
}
