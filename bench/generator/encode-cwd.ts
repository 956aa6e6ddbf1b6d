/**
 * Claude Code's project directory name for a working directory (formats.md §1.2): every
 * character outside [A-Za-z0-9] becomes `-`; names longer than 200 characters are cut to 200
 * and a base-36 hash of the full path is appended.
 *
 * @example encodeProjectDir('/Users/dev/my_app.v2') // '-Users-dev-my-app-v2'
 */
export function encodeProjectDir(cwd: string): string {
  const encoded = cwd.normalize('NFC').replace(/[^A-Za-z0-9]/gu, '-');
  if (encoded.length <= 200) return encoded;
  return `${encoded.slice(0, 200)}-${hash32(cwd).toString(36)}`;
}

function hash32(text: string): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return Math.abs(hash);
}
