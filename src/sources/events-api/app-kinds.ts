import { z } from 'zod';
import type { ApiEventInput } from './schema.js';

const unit = z.number().min(0).max(1);
const name = z.string().min(1).max(256);

/** `attrs.memory` of a `memory` event: an agent writing or reading one memory. */
export const memoryAttrs = z.object({
  op: z.enum(['write', 'read']),
  category: z.string().min(1).max(128),
  importance: unit.optional().describe('0 (trivia) … 1 (critical)'),
  key: z.string().max(512).optional().describe("the memory's own key in the app"),
});

/** `attrs.job` of a `job_run` event: one run of a scheduled or queued job. Duration goes in `durationMs`. */
export const jobAttrs = z.object({
  name,
  type: z.string().min(1).max(64).optional().describe('cron, queue, manual, …'),
  schedule: z.string().max(256).optional().describe('cron expression or a description'),
  result: z.enum(['ok', 'error', 'skipped', 'timeout']),
  nextRunAt: z.number().int().nonnegative().optional().describe('epoch ms of the next scheduled run'),
});

/** `attrs.capability` of a `capability` event: the state of a service or MCP server the app depends on. */
export const capabilityAttrs = z.object({
  name,
  type: z.string().min(1).max(64).optional().describe('service, mcp_server, model, tool, …'),
  status: z.enum(['up', 'degraded', 'down', 'unknown']),
  reason: z.string().max(1000).optional(),
});

interface AppKindRule {
  /** the attrs key the kind's details live under; absent when the kind needs none */
  attrsKey?: string;
  schema?: z.ZodType;
  /** a top-level field the kind cannot do without */
  requires?: keyof ApiEventInput;
}

/** What each app kind needs beyond the canonical event. Other kinds need nothing extra. */
export const APP_KIND_RULES: Readonly<Record<string, AppKindRule>> = {
  log: { requires: 'text' },
  memory: { attrsKey: 'memory', schema: memoryAttrs },
  job_run: { attrsKey: 'job', schema: jobAttrs },
  capability: { attrsKey: 'capability', schema: capabilityAttrs },
};

export interface FieldProblem {
  field: string;
  message: string;
}

/** The first problem with an app kind's required fields, or null when the event is fine (or not an app kind). */
export function appKindProblem(event: ApiEventInput): FieldProblem | null {
  const rule = APP_KIND_RULES[event.kind];
  if (!rule) return null;
  if (rule.requires && (event[rule.requires] == null || event[rule.requires] === '')) {
    return { field: rule.requires, message: `a ${event.kind} event needs '${rule.requires}'` };
  }
  if (!rule.attrsKey || !rule.schema) return null;
  const parsed = rule.schema.safeParse(event.attrs?.[rule.attrsKey]);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const field = ['attrs', rule.attrsKey, ...issue.path.map(String)].join('.');
  return { field, message: issue.message };
}
