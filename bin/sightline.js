#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript (npm install runs the build through `prepare`).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('sightline: not built yet — run `npm install` (or `npm run build`) in the package directory.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
