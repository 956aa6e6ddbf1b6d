import { transcriptKeys } from '../paths.js';

/**
 * The project key of a hook payload, computed like the transcript importer's (the encoded cwd
 * directory under projects/), so hook events land in the same project as transcript events.
 */
export function hookProject(transcriptPath: string | null, cwd: string | null): string | null {
  if (transcriptPath && /[\\/]projects[\\/]/.test(transcriptPath)) {
    const { project } = transcriptKeys(transcriptPath);
    if (project !== 'unknown') return project;
  }
  return cwd ? encodeCwd(cwd) : null;
}

/** formats.md §1.2: every character outside [A-Za-z0-9] becomes '-'. (Paths over 200 chars get a hash suffix we cannot reproduce; they keep the 200-char prefix.) */
export function encodeCwd(cwd: string): string {
  return cwd.replace(/[^A-Za-z0-9]/g, '-').slice(0, 200);
}
