import { parseArgs, type ParseArgsConfig } from 'node:util';

/** parseArgs with errors that name the flag, and positionals allowed. */
export function parseFlags<T extends ParseArgsConfig['options']>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export class UsageError extends Error {}
