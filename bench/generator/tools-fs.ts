import type { Conversation } from './conversation.js';
import { escapeBody, jsonString, toolUseId } from './ids.js';
import type { RepoFile } from './repo.js';
import { codeLines } from './code-gen.js';
import { base64Image } from './world.js';
import { tokensFor, toolUseError, type ToolCall } from './tool-call.js';

const CHARS_PER_LINE = 48;

/** A file from the project small enough for this conversation's output cap. */
function pickFile(c: Conversation, maxChars: number): RepoFile {
  let smallest = c.project.repo.pick(c.rng);
  for (let attempt = 0; attempt < 6; attempt++) {
    const file = c.project.repo.pick(c.rng);
    if (file.lines.length * CHARS_PER_LINE <= maxChars) return file;
    if (file.lines.length < smallest.lines.length) smallest = file;
  }
  return smallest;
}

const absolute = (c: Conversation, file: RepoFile): string => `${c.project.cwd}/${file.path}`;

export function readTool(c: Conversation, flavour: 'ok' | 'error' | 'image'): ToolCall {
  const id = toolUseId(c.rng);
  if (flavour === 'image') return readImage(c, id);
  const file = c.project.repo.pick(c.rng);
  if (flavour === 'error') {
    const missing = `${c.project.cwd}/${file.path.replace(/\.(\w+)$/, '.old.$1')}`;
    return toolUseError(id, 'Read', `{"file_path":${jsonString(missing)}}`, `File does not exist. Note: your current working directory is ${c.cwd}.`, c.rng.int(2, 15));
  }
  const budgetLines = Math.max(12, Math.floor(c.maxOutputChars / (2 * CHARS_PER_LINE)));
  const whole = file.lines.length <= Math.min(2000, budgetLines);
  const startLine = whole ? 1 : c.rng.int(1, Math.max(1, file.lines.length - budgetLines));
  const count = whole ? file.lines.length : Math.min(budgetLines, file.lines.length - startLine + 1);
  const numbered = whole
    ? c.project.repo.escapedNumbered(file)
    : escapeBody(file.lines.slice(startLine - 1, startLine - 1 + count).map((line, i) => `${String(startLine + i).padStart(6)}\t${line}`).join('\n'));
  const raw = whole ? c.project.repo.escapedRaw(file) : escapeBody(file.lines.slice(startLine - 1, startLine - 1 + count).join('\n'));
  const path = jsonString(absolute(c, file));
  const input = whole ? `{"file_path":${path}}` : `{"file_path":${path},"offset":${startLine},"limit":${count}}`;
  return {
    id,
    name: 'Read',
    inputJson: input,
    contentJson: `"${numbered}"`,
    isError: false,
    toolUseResultJson: `{"type":"text","file":{"filePath":${path},"content":"${raw}","numLines":${count},"startLine":${startLine},"totalLines":${file.lines.length}}}`,
    durationMs: c.rng.int(3, 90),
    contextTokens: tokensFor(numbered.length),
  };
}

function readImage(c: Conversation, id: string): ToolCall {
  // screenshots are the one kind of inline result that stays big (base64 images are not spilled)
  const chars = Math.min(Math.max(c.maxOutputChars, c.budget / 5) / 2, 600_000, c.rng.logNormal(90_000 * c.outputScale, 0.7));
  const data = base64Image(c.world.corpus, c.rng, chars);
  const path = jsonString(`${c.project.cwd}/docs/screenshots/${c.rng.hex(6)}.png`);
  return {
    id,
    name: 'Read',
    inputJson: `{"file_path":${path}}`,
    contentJson: `[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"${data}"}}]`,
    isError: false,
    toolUseResultJson: `{"type":"image","file":{"base64":"${data}","type":"image/png","originalSize":${Math.round(data.length * 0.75)}}}`,
    durationMs: c.rng.int(10, 120),
    contextTokens: 1600,
  };
}

export function editTool(c: Conversation, flavour: 'ok' | 'error'): ToolCall {
  const id = toolUseId(c.rng);
  const file = pickFile(c, c.maxOutputChars / 2);
  const at = c.rng.int(0, Math.max(0, file.lines.length - 4));
  const oldLines = file.lines.slice(at, at + c.rng.int(1, 3));
  const newLines = [...oldLines, `${oldLines[0]?.match(/^\s*/)?.[0] ?? ''}// handle ${c.rng.pick(['empty input', 'retries', 'null ids'])} explicitly`];
  const path = jsonString(absolute(c, file));
  const oldString = jsonString(oldLines.join('\n'));
  const newString = jsonString(newLines.join('\n'));
  const input = `{"file_path":${path},"old_string":${oldString},"new_string":${newString},"replace_all":false}`;
  if (flavour === 'error') {
    return toolUseError(id, 'Edit', input, `String to replace not found in file.\nString: ${oldLines.join('\n')}`, c.rng.int(2, 20));
  }
  const snippetStart = Math.max(0, at - 4);
  const snippet = [...file.lines.slice(snippetStart, at), ...newLines, ...file.lines.slice(at + oldLines.length, at + oldLines.length + 4)]
    .map((line, i) => `${String(snippetStart + i + 1).padStart(6)}\t${line}`)
    .join('\n');
  const patchLines = [
    ...file.lines.slice(Math.max(0, at - 3), at).map((line) => ` ${line}`),
    ...oldLines.map((line) => `-${line}`),
    ...newLines.map((line) => `+${line}`),
  ];
  const patch = `[{"oldStart":${Math.max(1, at - 2)},"oldLines":${oldLines.length + 3},"newStart":${Math.max(1, at - 2)},"newLines":${newLines.length + 3},"lines":${JSON.stringify(patchLines)}}]`;
  return {
    id,
    name: 'Edit',
    inputJson: input,
    contentJson: jsonString(`The file ${absolute(c, file)} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${snippet}`),
    isError: false,
    toolUseResultJson:
      `{"filePath":${path},"oldString":${oldString},"newString":${newString},"originalFile":"${c.project.repo.escapedRaw(file)}",` +
      `"structuredPatch":${patch},"userModified":false,"replaceAll":false}`,
    durationMs: c.rng.int(5, 60),
    contextTokens: tokensFor(snippet.length + 200),
  };
}

export function writeTool(c: Conversation): ToolCall {
  const id = toolUseId(c.rng);
  const lineCount = Math.max(5, Math.min(Math.floor(c.maxOutputChars / (3 * CHARS_PER_LINE)), Math.round(c.rng.logNormal(60, 0.8))));
  const path = `${c.project.cwd}/src/${c.rng.pick(['new', 'gen', 'extra'])}-${c.rng.hex(4)}.${c.project.repo.language}`;
  const content = jsonString(codeLines(c.rng, c.project.repo.language, lineCount).join('\n'));
  return {
    id,
    name: 'Write',
    inputJson: `{"file_path":${jsonString(path)},"content":${content}}`,
    contentJson: jsonString(`File created successfully at: ${path}`),
    isError: false,
    toolUseResultJson: `{"type":"create","filePath":${jsonString(path)},"content":${content},"structuredPatch":[],"originalFile":null}`,
    durationMs: c.rng.int(4, 40),
    contextTokens: 30,
  };
}

export function grepTool(c: Conversation): ToolCall {
  const id = toolUseId(c.rng);
  const files = c.project.repo.files.filter(() => c.rng.chance(0.15)).slice(0, 12);
  const pattern = c.rng.pick(['TODO', 'throw new Error', 'logger\\.debug', 'async function', 'retry']);
  if (c.rng.chance(0.5) || files.length === 0) {
    const names = files.map((file) => file.path);
    const text = names.length === 0 ? 'No files found' : `Found ${names.length} files\n${names.join('\n')}`;
    return {
      id,
      name: 'Grep',
      inputJson: `{"pattern":${jsonString(pattern)},"output_mode":"files_with_matches"}`,
      contentJson: jsonString(text),
      isError: false,
      toolUseResultJson: `{"mode":"files_with_matches","filenames":${JSON.stringify(names)},"numFiles":${names.length}}`,
      durationMs: c.rng.int(15, 400),
      contextTokens: tokensFor(text.length),
    };
  }
  const matches: string[] = [];
  for (const file of files) {
    for (let i = c.rng.int(1, 5); i > 0; i--) {
      const at = c.rng.int(0, file.lines.length - 1);
      matches.push(`${file.path}:${at + 1}:${file.lines[at]}`);
    }
  }
  const text = matches.join('\n').slice(0, c.maxOutputChars);
  return {
    id,
    name: 'Grep',
    inputJson: `{"pattern":${jsonString(pattern)},"output_mode":"content","-n":true}`,
    contentJson: jsonString(text),
    isError: false,
    toolUseResultJson: `{"mode":"content","numFiles":0,"filenames":[],"content":${jsonString(text)},"numLines":${matches.length}}`,
    durationMs: c.rng.int(15, 600),
    contextTokens: tokensFor(text.length),
  };
}

export function globTool(c: Conversation): ToolCall {
  const id = toolUseId(c.rng);
  const extension = c.project.repo.language;
  const names = c.project.repo.files.filter((file) => file.path.endsWith(extension)).map((file) => `${c.project.cwd}/${file.path}`);
  const text = names.join('\n');
  return {
    id,
    name: 'Glob',
    inputJson: `{"pattern":"**/*.${extension}"}`,
    contentJson: jsonString(text),
    isError: false,
    toolUseResultJson: `{"filenames":${JSON.stringify(names)},"durationMs":${c.rng.int(5, 200)},"numFiles":${names.length},"truncated":false}`,
    durationMs: c.rng.int(5, 200),
    contextTokens: tokensFor(text.length),
  };
}
