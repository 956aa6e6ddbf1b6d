import { parseArgs } from 'node:util';

type FlagOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** parseArgs with positionals allowed and errors that name the flag. */
export function parseFlags<T extends FlagOptions>(argv: string[], options: T): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export class UsageError extends Error {}
