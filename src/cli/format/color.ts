/** Minimal ANSI styling; every helper is the identity when colour is off. */
export interface Palette {
  header(text: string): string;
  total(text: string): string;
  dim(text: string): string;
  warn(text: string): string;
  active(text: string): string;
}

const wrap = (open: string) => (text: string) => `\x1b[${open}m${text}\x1b[0m`;
const plain = (text: string) => text;

export function palette(color: boolean): Palette {
  if (!color) return { header: plain, total: plain, dim: plain, warn: plain, active: plain };
  return { header: wrap('36'), total: wrap('1;33'), dim: wrap('90'), warn: wrap('33'), active: wrap('32') };
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Printed width of a cell: ANSI escapes take no columns. */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}
