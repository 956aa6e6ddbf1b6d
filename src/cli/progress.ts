/** A one-line progress bar for a TTY: redrawn at most 10 times a second. */
export function progressBar(stream: NodeJS.WriteStream) {
  let last = 0;
  let shown = false;
  return {
    update(done: number, total: number, label: string) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 30;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      stream.write(`\r[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
