/** Everything needed to write one tool_use block and its tool_result line. */
export interface ToolCall {
  id: string;
  name: string;
  /** JSON object: the tool_use input. */
  inputJson: string;
  /** JSON value for tool_result.content (string literal or block array). */
  contentJson: string;
  isError: boolean;
  /** JSON value for the top-level toolUseResult. */
  toolUseResultJson: string;
  durationMs: number;
  /** Tokens the result adds to the conversation context. */
  contextTokens: number;
}

/** Context cost of a result: ~4 chars a token, capped like Claude Code caps tool output. */
export const tokensFor = (chars: number, cap = 25_000): number => Math.min(cap, Math.ceil(chars / 4));

/** A `<tool_use_error>` failure as Claude Code reports harness-side tool errors. */
export function toolUseError(id: string, name: string, inputJson: string, message: string, durationMs: number): ToolCall {
  return {
    id,
    name,
    inputJson,
    contentJson: JSON.stringify(`<tool_use_error>${message}</tool_use_error>`),
    isError: true,
    toolUseResultJson: JSON.stringify(`Error: ${message}`),
    durationMs,
    contextTokens: tokensFor(message.length),
  };
}
