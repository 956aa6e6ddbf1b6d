import type { Rng } from './rng.js';
import { codeLines, type Language } from './code-gen.js';
import { escapeBody } from './ids.js';
import { DIRECTORIES, MODULE_NAMES } from './words.js';

export interface RepoFile {
  /** Path relative to the project root. */
  path: string;
  lines: string[];
  /** Cached escaped forms; big Read results reuse them instead of re-escaping. */
  escapedRaw?: string;
  escapedNumbered?: string;
}

const EXTENSIONS: Record<Language, string> = { ts: 'ts', py: 'py', go: 'go' };

/** A project's source tree, invented once per run: what Read, Edit and Grep operate on. */
export class VirtualRepo {
  readonly files: RepoFile[] = [];

  constructor(rng: Rng, readonly language: Language, fileCount: number) {
    const seen = new Set<string>();
    while (this.files.length < fileCount) {
      const path = `${rng.pick(DIRECTORIES)}/${rng.pick(MODULE_NAMES)}${rng.chance(0.3) ? `-${rng.pick(MODULE_NAMES)}` : ''}.${EXTENSIONS[language]}`;
      if (seen.has(path)) continue;
      seen.add(path);
      const lineCount = Math.round(Math.min(3000, Math.max(8, rng.logNormal(140, 0.9))));
      this.files.push({ path, lines: codeLines(rng, language, lineCount) });
    }
  }

  pick(rng: Rng): RepoFile {
    return rng.pick(this.files);
  }

  /** The file content as a JSON string body. */
  escapedRaw(file: RepoFile): string {
    file.escapedRaw ??= escapeBody(file.lines.join('\n'));
    return file.escapedRaw;
  }

  /** `cat -n` style content as Claude Code's Read returns it, as a JSON string body. */
  escapedNumbered(file: RepoFile): string {
    file.escapedNumbered ??= escapeBody(file.lines.map((line, i) => `${String(i + 1).padStart(6)}\t${line}`).join('\n'));
    return file.escapedNumbered;
  }
}
