import type { Rng } from './rng.js';
import { ERROR_MESSAGES, FUNCTION_NAMES, MODULE_NAMES, TYPES } from './words.js';

export type Language = 'ts' | 'py' | 'go';

/** Plausible source code, one function-sized chunk at a time, until `lineCount` lines exist. */
export function codeLines(rng: Rng, language: Language, lineCount: number): string[] {
  const lines: string[] = language === 'ts' ? tsHeader(rng) : language === 'py' ? pyHeader(rng) : goHeader(rng);
  while (lines.length < lineCount) {
    const chunk = language === 'ts' ? tsFunction(rng) : language === 'py' ? pyFunction(rng) : goFunction(rng);
    lines.push(...chunk, '');
  }
  return lines.slice(0, lineCount);
}

const fn = (rng: Rng): string => `${rng.pick(FUNCTION_NAMES)}${rng.int(0, 9) === 0 ? rng.int(2, 9) : ''}`;
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function tsHeader(rng: Rng): string[] {
  return [
    `import { ${fn(rng)} } from './${rng.pick(MODULE_NAMES)}.js';`,
    `import type { ${rng.pick(TYPES)} } from '../core/types.js';`,
    '',
  ];
}

function tsFunction(rng: Rng): string[] {
  const name = fn(rng);
  const body: string[] = [`/** ${name}: keeps ${rng.pick(MODULE_NAMES)} consistent. */`, `export async function ${name}(input: ${rng.pick(TYPES)}): Promise<${rng.pick(TYPES)}> {`];
  for (let i = rng.int(2, 12); i > 0; i--) {
    body.push(
      rng.pick([
        `  const ${rng.pick(MODULE_NAMES)} = await ${fn(rng)}(input);`,
        `  if (!input) throw new Error('${rng.pick(ERROR_MESSAGES)}');`,
        `  // ${rng.pick(['why: the upstream API may send null here', 'TODO: batch this', 'keep order stable for the UI'])}`,
        `  for (const item of input.items ?? []) total += item.price * item.quantity;`,
        `  logger.debug({ step: '${fn(rng)}', id: input.id }, "processing");`,
      ]),
    );
  }
  body.push(`  return ${rng.pick(['result', 'input', 'total', 'null as never'])};`, '}');
  return body;
}

function pyHeader(rng: Rng): string[] {
  return [`from .${rng.pick(MODULE_NAMES)} import ${snake(fn(rng))}`, 'import logging', '', 'log = logging.getLogger(__name__)', ''];
}

function pyFunction(rng: Rng): string[] {
  const body = [`def ${snake(fn(rng))}(value, *, strict=False):`, `    """Return the ${rng.pick(MODULE_NAMES)} view of value."""`];
  for (let i = rng.int(2, 10); i > 0; i--) {
    body.push(
      rng.pick([
        `    result = ${snake(fn(rng))}(value)`,
        `    if value is None:\n        raise ValueError("${rng.pick(ERROR_MESSAGES)}")`,
        `    log.debug("step %s", "${snake(fn(rng))}")`,
        `    total = sum(item["price"] * item["qty"] for item in value)`,
      ]),
    );
  }
  body.push('    return result');
  return body.flatMap((line) => line.split('\n'));
}

function goHeader(rng: Rng): string[] {
  return [`package ${rng.pick(MODULE_NAMES)}`, '', 'import (', '\t"context"', '\t"fmt"', ')', ''];
}

function goFunction(rng: Rng): string[] {
  const name = fn(rng);
  const body = [`// ${name[0].toUpperCase()}${name.slice(1)} handles one request.`, `func ${name[0].toUpperCase()}${name.slice(1)}(ctx context.Context, id string) error {`];
  for (let i = rng.int(2, 10); i > 0; i--) {
    body.push(
      rng.pick([
        `\tif id == "" {\n\t\treturn fmt.Errorf("${rng.pick(ERROR_MESSAGES)}")\n\t}`,
        `\tv, err := ${fn(rng)}(ctx, id)`,
        `\tif err != nil {\n\t\treturn fmt.Errorf("${fn(rng)}: %w", err)\n\t}`,
        `\t_ = v // used by the caller through ctx`,
      ]),
    );
  }
  body.push('\treturn nil', '}');
  return body.flatMap((line) => line.split('\n'));
}

/** Application log lines (for `docker logs`, `tail app.log` outputs). */
export function logLines(rng: Rng, count: number): string[] {
  const lines: string[] = [];
  let clock = Date.UTC(2026, 8, 30, 8, 0, 0);
  for (let i = 0; i < count; i++) {
    clock += rng.int(1, 4000);
    const level = rng.weighted<string>([['INFO', 80], ['DEBUG', 12], ['WARN', 6], ['ERROR', 2]]);
    lines.push(
      `${new Date(clock).toISOString()} ${level.padEnd(5)} [${rng.pick(MODULE_NAMES)}] ${fn(rng)} id=${rng.hex(8)} took=${rng.int(1, 900)}ms status=${rng.pick([200, 200, 200, 201, 204, 404, 500])}`,
    );
  }
  return lines;
}

/** Test-runner output lines. */
export function testOutputLines(rng: Rng, count: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const ok = rng.chance(0.97);
    lines.push(`${ok ? '✓' : '✗'} ${rng.pick(MODULE_NAMES)} › ${fn(rng)} handles ${rng.pick(ERROR_MESSAGES)} (${rng.int(1, 300)} ms)`);
  }
  return lines;
}
