import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temp Claude config dir (the parent of projects/). */
export async function tempClaudeRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'sightline-claude-'));
  mkdirSync(join(root, 'projects'), { recursive: true });
  return root;
}

/** Write lines (objects are JSON-encoded) to projects/<rel>; `partial` appends an unterminated tail. */
export function writeTranscript(root: string, rel: string, lines: Array<object | string>, partial?: string): string {
  const path = join(root, 'projects', rel);
  mkdirSync(dirname(path), { recursive: true });
  const body = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)) + '\n').join('') + (partial ?? '');
  writeFileSync(path, body);
  return path;
}

const envelope = (session: string) => ({ isSidechain: false, userType: 'external', cwd: '/home/dev/shop', sessionId: session, version: '2.1.120', gitBranch: 'main' });

export function promptLine(session: string, uuid: string, ts: string, text: string) {
  return { type: 'user', uuid, parentUuid: null, ...envelope(session), timestamp: ts, message: { role: 'user', content: text } };
}

export function assistantLine(session: string, uuid: string, ts: string, msgId: string, usage: { input: number; output: number; cacheRead?: number; cacheWrite?: number }, content: unknown[] = [{ type: 'text', text: 'ok' }], model = 'claude-sonnet-4-6') {
  return {
    type: 'assistant', uuid, parentUuid: null, ...envelope(session), requestId: `req_${msgId}`, timestamp: ts,
    message: { id: msgId, type: 'message', role: 'assistant', model, content, usage: { input_tokens: usage.input, output_tokens: usage.output, cache_read_input_tokens: usage.cacheRead ?? 0, cache_creation_input_tokens: usage.cacheWrite ?? 0 } },
  };
}

export function toolResultLine(session: string, uuid: string, ts: string, toolUseId: string, output: string, isError = false) {
  return { type: 'user', uuid, parentUuid: null, ...envelope(session), timestamp: ts, message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: output, is_error: isError }] } };
}
