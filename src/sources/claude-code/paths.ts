import { sep } from 'node:path';

/**
 * Session and project keys from a transcript path, by ccusage's rule so reports agree:
 * project = the directory right under projects/; session = the file stem for
 * projects/<p>/<s>.jsonl, the session directory for projects/<p>/<s>/subagents/x.jsonl,
 * else the file's parent directory.
 */
export function transcriptKeys(path: string): { sessionId: string; project: string } {
  const parts = path.split(sep).filter(Boolean);
  const at = parts.lastIndexOf('projects');
  const rel = at >= 0 ? parts.slice(at + 1) : parts;
  const project = rel.length > 1 && rel[0].trim() ? rel[0] : 'unknown';
  const stem = rel[rel.length - 1]?.replace(/\.jsonl$/, '') ?? '';
  if (rel.length === 2 && stem) return { sessionId: stem, project };
  if (rel.length >= 4 && rel[rel.length - 2] === 'subagents') return { sessionId: rel[rel.length - 3], project };
  return { sessionId: rel[rel.length - 2] ?? 'unknown', project };
}

/** True for files that hold a subagent's conversation rather than a main session. */
export function isSubagentFile(path: string): boolean {
  const parts = path.split(sep);
  return parts[parts.length - 2] === 'subagents' || /(^|\/)agent-[^/]+\.jsonl$/.test(path);
}
