import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateTranscripts } from './generator/index.js';
import { parseCliArgs } from './generator/cli-args.js';

export { generateTranscripts, sizeProfile, encodeProjectDir } from './generator/index.js';
export type { GenerateOptions, GenerateStats } from './generator/index.js';
export { parseSize } from './generator/cli-args.js';

/** `node dist/bench/generate.js --out DIR --size 1GiB [--seed N] [--days N]` */
async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  const started = performance.now();
  const stats = await generateTranscripts(args);
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ ...stats, seconds: Math.round(seconds * 100) / 100 }, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
