/** Parsing of the generator's command line. */
export interface CliArgs {
  outDir: string;
  totalBytes: number;
  seed?: number;
  days?: number;
  projects?: number;
  startDate?: string;
}

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, k: 1024, m: 1024 ** 2, g: 1024 ** 3, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3,
};

/**
 * Sizes like `2MB` (decimal), `500MiB`, `1GiB` (binary) or a plain byte count.
 *
 * @example parseSize('1GiB') // 1073741824
 */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined) throw new Error(`cannot parse size "${text}" (try 2MB, 500MiB, 1GiB)`);
  return Math.round(Number(match[1]) * unit);
}

const USAGE = 'usage: generate --out DIR --size 1GiB [--seed N] [--days N] [--projects N] [--start ISO]';

export function parseCliArgs(argv: string[]): CliArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined) throw new Error(USAGE);
    values.set(flag.slice(2), value);
  }
  const outDir = values.get('out');
  const size = values.get('size');
  if (!outDir || !size) throw new Error(USAGE);
  const integer = (name: string): number | undefined => {
    const raw = values.get(name);
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a non-negative integer`);
    return Number(raw);
  };
  return { outDir, totalBytes: parseSize(size), seed: integer('seed'), days: integer('days'), projects: integer('projects'), startDate: values.get('start') };
}
