import type { Rng } from './rng.js';
import { FUNCTION_NAMES, MODULE_NAMES, TABLES, TOPICS } from './words.js';

/** Short natural-language pieces for prompts, assistant text, thinking and summaries. */
const fill = (rng: Rng, template: string): string =>
  template
    .replace(/\{fn\}/g, () => rng.pick(FUNCTION_NAMES))
    .replace(/\{topic\}/g, () => rng.pick(TOPICS))
    .replace(/\{mod\}/g, () => rng.pick(MODULE_NAMES))
    .replace(/\{table\}/g, () => rng.pick(TABLES))
    .replace(/\{n\}/g, () => String(rng.int(2, 40)));

const PROMPTS = [
  'fix the failing test in src/{mod}.test.ts',
  'why does {fn} return undefined for {topic}?',
  'add pagination to the {mod} endpoint',
  'refactor src/{mod}.ts to use async/await everywhere',
  'run the tests and fix whatever breaks',
  'review my changes on this branch before I open the PR',
  'write a migration that adds a created_by column to {table}',
  'can you explain how {fn} works? I keep getting confused by {topic}',
  'the build is failing on CI with a type error, can you look',
  'update the README with the new CLI flags',
  'bump the dependencies and make sure nothing breaks',
  'take a screenshot of the checkout page and check the layout on mobile',
  'open an issue for the flaky {mod} test',
  'ça ne marche pas : le bouton « Envoyer » ne fait rien → regarde {fn}',
  'profile {fn}, it got {n}x slower since last week',
  'add logging around {topic} so we can see what happens in prod',
  'please continue',
  'yes, go ahead',
  'hmm, that broke {fn}. revert the last change and try a different approach',
  'write unit tests for {fn}, cover {topic}',
];

const TEXT = [
  "I'll start by looking at how {fn} is wired up.",
  'Let me check the tests for {mod} first.',
  'The failure comes from {topic}: {fn} assumes the list is never empty.',
  'Found it. `{fn}` reads the config before it is loaded.',
  'All {n} tests pass now.',
  "Here's what I changed:\n\n- `{fn}` now handles {topic}\n- added a regression test in `test/{mod}.test.ts`",
  'The build is green. I did not touch the public API.',
  'Let me run the test suite to confirm.',
  'Now let me update the {mod} module.',
  "I'll search for other callers of `{fn}`.",
  '✓ Done. The migration is idempotent, so re-running it is safe.',
  'One thing to double-check: {topic} in the {table} table may still hold old rows.',
];

const THINKING = [
  'The user wants me to look at {fn}. I should read the file before changing anything.',
  'The stack trace points at {mod}. Probably {topic} again; the earlier fix only covered one path.',
  'If I change {fn} the callers in {mod} need to change too. Let me grep for them first.',
  'Tests failed with {n} errors, all in the same file. Likely one root cause.',
  'I could patch this locally, but a cleaner fix is to validate at the boundary.',
  'The {table} query runs once per row; batching it would fix the slowness.',
];

const SUMMARY = [
  'The user asked to fix {topic} in {fn}.',
  'We changed src/{mod}.ts and added tests; {n} tests pass.',
  'Open question: whether {table} needs a backfill.',
  'The CI failure was a type error in {mod}, fixed by narrowing the union.',
  'Next step: review the remaining callers of {fn}.',
];

export const promptText = (rng: Rng): string => fill(rng, rng.pick(PROMPTS));
export const assistantText = (rng: Rng, sentences: number): string => join(rng, TEXT, sentences, ' ');
export const thinkingText = (rng: Rng, sentences: number): string => join(rng, THINKING, sentences, ' ');
export const summaryText = (rng: Rng, sentences: number): string => join(rng, SUMMARY, sentences, '\n');
export const titleText = (rng: Rng): string =>
  fill(rng, rng.pick(['Fix {fn} for {topic}', 'Add pagination to {mod}', 'Debug {mod} test failures', 'Refactor {mod} module', 'Investigate {topic}']));

function join(rng: Rng, templates: readonly string[], count: number, separator: string): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(fill(rng, rng.pick(templates)));
  return parts.join(separator);
}
