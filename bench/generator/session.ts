import { join } from 'node:path';
import type { Rng } from './rng.js';
import { Conversation } from './conversation.js';
import type { SessionFeatures } from './features.js';
import { writeFileHistorySnapshot, writeLastPrompt, writePermissionMode } from './lines.js';
import { pickSessionModel } from './models.js';
import { writeSideQuestion } from './side-question.js';
import { runPrompt } from './turn.js';
import { ContextTracker } from './usage.js';
import type { World } from './world.js';
import { JsonlFile } from './writer.js';

/** Everything decided about a session before it is written. */
export interface SessionPlan {
  sessionId: string;
  projectIndex: number;
  startClock: number;
  version: string;
  mainBytes: number;
  subagentBytes: number[];
  /** One of the few 50–100 MB files (scaled): its budget is not rebalanced. */
  giant: boolean;
  features: SessionFeatures;
  rng: Rng;
}

/** Writes one main session file (and, through its turns, its subagent and side files). */
export function writeSession(world: World, plan: SessionPlan): void {
  const { rng, features } = plan;
  const project = world.projects[plan.projectIndex];
  const model = features.model ?? pickSessionModel(rng);
  const million = features.millionContext && model.supportsMillion;
  const systemTokens = rng.int(12_000, 24_000);
  const initialTokens = million ? rng.int(features.model ? 230_000 : 40_000, 300_000) : systemTokens + rng.int(0, 3000);
  const c = new Conversation({
    world,
    rng,
    file: new JsonlFile(join(world.outDir, 'projects', project.dirName, `${plan.sessionId}.jsonl`), world.stats, world.corruptor),
    sessionId: plan.sessionId,
    agentId: null,
    project,
    cwd: project.cwd,
    gitBranch: rng.pick(project.branches),
    version: plan.version,
    entrypoint: rng.weighted<string>([['cli', 85], ['claude-vscode', 12], ['sdk-cli', 3]]),
    clock: plan.startClock,
    model,
    context: new ContextTracker(systemTokens, million ? 1_000_000 : 200_000, features.oneHourCache, initialTokens),
    budget: plan.mainBytes,
    features,
  });
  c.permissionMode = rng.weighted<string>([['default', 70], ['acceptEdits', 18], ['plan', 6], ['bypassPermissions', 6]]);
  c.pendingSubagents = [...plan.subagentBytes];
  if (features.forceSubagent && c.pendingSubagents.length === 0) c.pendingSubagents.push(Math.max(2500, plan.mainBytes / 2));
  c.subagentsTotal = c.pendingSubagents.length;
  writePermissionMode(c);
  const firstPromptUuid = c.uuid();
  writeFileHistorySnapshot(c, firstPromptUuid, false);
  if (features.resume) copyResumedHistory(world, plan, c);
  c.capture = [];
  let lastPrompt = '';
  for (let index = 0; index === 0 || !c.overBudget || owesSomething(c); index++) {
    lastPrompt = runPrompt(c, index, index === 0 ? firstPromptUuid : undefined);
    if (features.btwReplay && writeSideQuestion(c)) features.btwReplay = false;
    if (rng.chance(0.1)) writeFileHistorySnapshot(c, c.lastUuid ?? firstPromptUuid, true);
  }
  if (rng.chance(0.6)) writeLastPrompt(c, lastPrompt);
  c.file.close(features.partialLastLine ? c.lastLine : undefined);
  rememberForResume(world, plan.projectIndex, c);
}

function owesSomething(c: Conversation): boolean {
  const f = c.features;
  return c.pendingSubagents.length > 0 || c.forcedTools.length > 0 || f.btwReplay || f.modelSwitch || f.compaction || f.syntheticFailure || f.apiErrorRetries;
}

/** A resumed session starts with an earlier session's lines, copied verbatim (same uuids and ids). */
function copyResumedHistory(world: World, plan: SessionPlan, c: Conversation): void {
  const sources = world.resumeSources.get(plan.projectIndex) ?? [];
  const source = sources.find((candidate) => candidate.endClock < plan.startClock) ?? sources[0];
  if (!source) return;
  for (const line of source.lines) c.file.write(line);
  c.lastUuid = source.lastUuid;
  c.context.tokens = Math.max(c.context.tokens, source.contextTokens);
  c.clock = Math.max(c.clock, source.endClock + 60_000);
}

function rememberForResume(world: World, projectIndex: number, c: Conversation): void {
  if (!c.capture || c.capture.length === 0) return;
  const sources = world.resumeSources.get(projectIndex) ?? [];
  sources.unshift({ lines: c.capture, lastUuid: c.captureLastUuid, contextTokens: c.context.tokens, endClock: c.clock });
  world.resumeSources.set(projectIndex, sources.slice(0, 4));
}
