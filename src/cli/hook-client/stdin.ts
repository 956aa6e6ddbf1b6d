/** At most this much of stdin is read: the server takes bodies up to 16 MiB. */
const MAX_STDIN_BYTES = 16 * 1024 * 1024;

/**
 * All of stdin as text, or what arrived before `deadline` (performance.now() ms) — Claude Code
 * closes our stdin after writing the payload, but a hook must never hang on a stdin left open.
 */
export function readStdin(deadline: number): Promise<string> {
  const stdin = process.stdin;
  if (stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const finish = () => {
      clearTimeout(timer);
      stdin.removeAllListeners('data');
      stdin.pause();
      stdin.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, Math.max(1, deadline - performance.now()));
    stdin.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_STDIN_BYTES) chunks.push(chunk);
    });
    stdin.once('end', finish);
    stdin.once('error', finish);
  });
}
