import type { Conversation } from './conversation.js';
import { jsonString } from './ids.js';

/**
 * Builders for every line type. Each writes one line through the conversation and returns its
 * uuid when it has one. Shapes follow formats.md §1.3–1.12 (Claude Code 2.1.x).
 */

export function writeUserPrompt(c: Conversation, text: string, promptId: string, uuid = c.uuid()): string {
  const parentUuid = c.lastUuid;
  c.emit(
    `${c.open(parentUuid)},"type":"user","message":{"role":"user","content":${jsonString(text)}},` +
      `"promptId":"${promptId}","permissionMode":"${c.permissionMode}"${c.close(uuid)}`,
    uuid,
  );
  return uuid;
}

/** Injected user text: slash-command expansions, compaction summaries. `flags` is raw JSON members. */
export function writeUserText(c: Conversation, text: string, flags: string, parentUuid = c.lastUuid): string {
  const uuid = c.uuid();
  c.emit(`${c.open(parentUuid)},"type":"user","message":{"role":"user","content":${jsonString(text)}}${flags}${c.close(uuid)}`, uuid);
  return uuid;
}

export interface ToolResultLine {
  parentUuid: string;
  toolUseId: string;
  /** JSON value: a string literal or an array of blocks. */
  contentJson: string;
  isError: boolean;
  /** JSON value of the top-level toolUseResult. */
  toolUseResultJson: string;
}

export function writeToolResult(c: Conversation, result: ToolResultLine): string {
  const uuid = c.uuid();
  c.emit(
    `${c.open(result.parentUuid)},"type":"user","message":{"role":"user","content":[{"tool_use_id":"${result.toolUseId}","type":"tool_result",` +
      `"content":${result.contentJson},"is_error":${result.isError}}]},"toolUseResult":${result.toolUseResultJson},` +
      `"sourceToolAssistantUUID":"${result.parentUuid}"${c.close(uuid)}`,
    uuid,
  );
  return uuid;
}

export interface AssistantBlockLine {
  messageId: string;
  requestId: string | null;
  model: string;
  blockJson: string;
  stopReason: string | null;
  usageJson: string;
  /** Extra top-level members, raw JSON starting with a comma. */
  extra?: string;
}

export function writeAssistantBlock(c: Conversation, line: AssistantBlockLine): string {
  const uuid = c.uuid();
  c.emit(
    `${c.open(c.lastUuid)},"type":"assistant","message":{"id":"${line.messageId}","type":"message","role":"assistant","model":"${line.model}",` +
      `"content":[${line.blockJson}],"stop_reason":${line.stopReason === null ? 'null' : `"${line.stopReason}"`},"stop_sequence":null,` +
      `"usage":${line.usageJson}}${line.requestId ? `,"requestId":"${line.requestId}"` : ''}${line.extra ?? ''}${c.close(uuid)}`,
    uuid,
  );
  return uuid;
}

/** A `system` line; `members` is raw JSON starting with a comma. */
export function writeSystem(c: Conversation, subtype: string, level: string, members: string, parentUuid = c.lastUuid): string {
  const uuid = c.uuid();
  c.emit(`${c.open(parentUuid)},"type":"system","subtype":"${subtype}","level":"${level}"${members},"isMeta":false${c.close(uuid)}`, uuid);
  return uuid;
}

export function writeAttachment(c: Conversation, attachmentJson: string): string {
  const uuid = c.uuid();
  c.emit(`${c.open(c.lastUuid)},"type":"attachment","attachment":${attachmentJson}${c.close(uuid)}`, uuid);
  return uuid;
}

/* Metadata lines: no uuid, no parent. */

export function writePermissionMode(c: Conversation): void {
  c.emit(`{"type":"permission-mode","permissionMode":"${c.permissionMode}","sessionId":"${c.sessionId}"}`);
}

export function writeFileHistorySnapshot(c: Conversation, messageId: string, update: boolean): void {
  const backups = update
    ? `{${jsonString(`${c.cwd}/${c.project.repo.pick(c.rng).path}`)}:{"backupFileName":"${c.rng.hex(16)}@v1","version":1,"backupTime":"${c.now()}"}}`
    : '{}';
  c.emit(
    `{"type":"file-history-snapshot","messageId":"${messageId}","snapshot":{"messageId":"${messageId}","trackedFileBackups":${backups},` +
      `"timestamp":"${c.now()}"},"isSnapshotUpdate":${update}}`,
  );
}

export function writeAiTitle(c: Conversation, title: string): void {
  c.emit(`{"type":"ai-title","aiTitle":${jsonString(title)},"sessionId":"${c.sessionId}"}`);
}

export function writeLastPrompt(c: Conversation, prompt: string): void {
  c.emit(`{"type":"last-prompt","lastPrompt":${jsonString(prompt)},"sessionId":"${c.sessionId}"}`);
}

export function writeQueueOperation(c: Conversation, operation: 'enqueue' | 'dequeue', content: string): void {
  c.emit(
    `{"type":"queue-operation","operation":"${operation}","timestamp":"${c.now()}","sessionId":"${c.sessionId}"` +
      `${operation === 'enqueue' ? `,"content":${jsonString(content)}` : ''}}`,
  );
}
