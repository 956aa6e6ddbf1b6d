/** `mcp__github__create_issue` → github; plugin servers `mcp__plugin_p_srv__tool` → plugin_p_srv. */
export function mcpServerOf(toolName: string): string | null {
  if (!toolName.startsWith('mcp__')) return null;
  const end = toolName.indexOf('__', 5);
  return end > 5 ? toolName.slice(5, end) : null;
}

const EXIT_CODE = /^Exit code (-?\d+)/;

/** Bash failures start "Exit code N"; successful Bash results have no code written, so 0 is implied. */
export function exitCodeOf(toolName: string | undefined, output: string, isError: boolean): number | null {
  const match = EXIT_CODE.exec(output);
  if (match) return Number(match[1]);
  return toolName === 'Bash' && !isError ? 0 : null;
}

/** The text of a tool_result's content, which is a string or an array of text/image blocks. */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const block of content) {
    if (block && typeof block === 'object' && (block as { type?: string }).type === 'text') {
      text += (text ? '\n' : '') + String((block as { text?: unknown }).text ?? '');
      if (text.length > 2000) break;
    } else if (block && (block as { type?: string }).type === 'image') text += (text ? '\n' : '') + '[image]';
  }
  return text;
}

/** A short, human description of a tool call's input: the Bash command, the file path, the pattern… */
export function toolInputSummary(name: string, input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const i = input as Record<string, unknown>;
  const pick = i.command ?? i.file_path ?? i.pattern ?? i.url ?? i.query ?? i.description ?? i.prompt;
  if (typeof pick === 'string') return pick;
  const json = JSON.stringify(input);
  return json.length > 600 ? json.slice(0, 600) : json;
}
