import type { Rng } from './rng.js';
import type { ModelSpec } from './models.js';
import type { ContextTracker } from './usage.js';
import type { Project, World } from './world.js';
import type { JsonlFile } from './writer.js';
import type { ForcedTool, SessionFeatures } from './features.js';
import { isoTime, jsonString } from './ids.js';

/** One assistant response as written, kept so a `/btw` side file can replay it. */
export interface RecordedResponse {
  messageId: string;
  model: string;
  blockJsons: string[];
  usageJson: string;
  stopReason: string;
}

export interface ConversationInit {
  world: World;
  rng: Rng;
  file: JsonlFile;
  sessionId: string;
  agentId: string | null;
  project: Project;
  cwd: string;
  gitBranch: string;
  version: string;
  entrypoint: string;
  clock: number;
  model: ModelSpec;
  context: ContextTracker;
  budget: number;
  features: SessionFeatures;
}

/**
 * The state of one transcript file being written: envelope fields, the parentUuid chain,
 * the clock, the model and its context. Main sessions, subagents and side files all use it.
 */
export class Conversation {
  readonly world: World;
  readonly rng: Rng;
  readonly file: JsonlFile;
  readonly sessionId: string;
  readonly agentId: string | null;
  readonly project: Project;
  readonly version: string;
  readonly entrypoint: string;
  readonly context: ContextTracker;
  readonly budget: number;
  readonly features: SessionFeatures;
  /** Tool flavours this file still has to produce. */
  readonly forcedTools: ForcedTool[];
  cwd: string;
  gitBranch: string;
  model: ModelSpec;
  clock: number;
  lastUuid: string | null = null;
  permissionMode = 'default';
  /** Envelope fields between parentUuid and type, pre-serialised. */
  head = '';
  recent: RecordedResponse[] = [];
  /** Subagent byte budgets not spawned yet. */
  pendingSubagents: number[] = [];
  /** How many subagents this file spawns in all (for spreading them out). */
  subagentsTotal = 0;
  toolUseCount = 0;
  lastUsageJson = '{}';
  totalTokens = 0;
  /** Last well-formed line, used to make a partial tail. */
  lastLine = '';
  /** Lines captured for later resumes (main files only). */
  capture: string[] | null = null;
  /** uuid of the last captured line: where a resumed copy continues the chain. */
  captureLastUuid = '';
  private captureChars = 0;

  constructor(init: ConversationInit) {
    this.world = init.world;
    this.rng = init.rng;
    this.file = init.file;
    this.sessionId = init.sessionId;
    this.agentId = init.agentId;
    this.project = init.project;
    this.cwd = init.cwd;
    this.gitBranch = init.gitBranch;
    this.version = init.version;
    this.entrypoint = init.entrypoint;
    this.clock = init.clock;
    this.model = init.model;
    this.context = init.context;
    this.budget = init.budget;
    this.features = init.features;
    this.forcedTools = [...init.features.forcedTools];
    this.refreshHead();
  }

  get sidechain(): boolean {
    return this.agentId !== null;
  }

  /**
   * Largest tool output this file should carry in one result, in characters. Claude Code keeps
   * transcripts' tool results small: Bash output is cut at 30,000 characters, Read returns at most
   * 2,000 lines, and bigger outputs are spilled to tool-results/*.txt with a preview inline.
   */
  get maxOutputChars(): number {
    return Math.max(500, Math.min(100_000, this.budget / 5));
  }

  /** Typical-size multiplier for tool outputs: big sessions have somewhat bigger outputs. */
  get outputScale(): number {
    return Math.max(0.08, Math.min(2, Math.sqrt(this.budget / 150_000)));
  }

  get overBudget(): boolean {
    return this.file.chars >= this.budget;
  }

  refreshHead(): void {
    this.head =
      `"isSidechain":${this.sidechain},${this.agentId ? `"agentId":"${this.agentId}",` : ''}"userType":"external",` +
      `"cwd":${jsonString(this.cwd)},"sessionId":"${this.sessionId}","version":"${this.version}",` +
      `"gitBranch":${jsonString(this.gitBranch)},"entrypoint":"${this.entrypoint}"`;
  }

  /** Opening of an envelope line: `{"parentUuid":…,<head>`. */
  open(parentUuid: string | null): string {
    return `{"parentUuid":${parentUuid === null ? 'null' : `"${parentUuid}"`},${this.head}`;
  }

  /** Closing of an envelope line: uuid and timestamp. */
  close(uuid: string): string {
    return `,"uuid":"${uuid}","timestamp":"${isoTime(this.clock)}"}`;
  }

  now(): string {
    return isoTime(this.clock);
  }

  tick(ms: number): void {
    this.clock += Math.max(1, Math.round(ms));
  }

  uuid(): string {
    return this.rng.uuid();
  }

  /** Writes a line; chain lines (with uuid) move `lastUuid` forward when `chainUuid` is given. */
  emit(line: string, chainUuid?: string): void {
    this.file.write(line, this.features.forceCorruption);
    this.lastLine = line;
    if (chainUuid !== undefined) this.lastUuid = chainUuid;
    if (this.capture && chainUuid !== undefined && this.captureChars < 150_000 && this.capture.length < 40) {
      this.capture.push(line);
      this.captureChars += line.length;
      this.captureLastUuid = chainUuid;
    }
  }
}
