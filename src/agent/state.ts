import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileCheckpoint } from '../store/store.js';

/** How far each transcript has been delivered: a file's offset moves only after the server acknowledged it. */
export type DeliveredOffsets = Record<string, Omit<FileCheckpoint, 'path'>>;

/**
 * `$SIGHTLINE_HOME/agent/state.json`. Offsets belong to one server: pointed at another, the agent
 * starts over (ids are deterministic, so a server that had part of it stores nothing twice).
 */
export interface AgentState {
  version: 1;
  agentId: string;
  server: string | null;
  files: DeliveredOffsets;
  stats: AgentStats;
}

export interface AgentStats {
  lastPushAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  eventsPushed: number;
  pushes: number;
  errors: number;
}

export function agentDir(home: string): string {
  return join(home, 'agent');
}

export function statePath(home: string): string {
  return join(agentDir(home), 'state.json');
}

const emptyStats = (): AgentStats => ({ lastPushAt: null, lastErrorAt: null, lastError: null, eventsPushed: 0, pushes: 0, errors: 0 });

/** The state, or a new one (fresh agent id) when there is none; a corrupt file is an error, never silently reset. */
export function loadState(home: string): AgentState {
  let text: string;
  try {
    text = readFileSync(statePath(home), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { version: 1, agentId: randomBytes(12).toString('base64url'), server: null, files: {}, stats: emptyStats() };
  }
  const parsed = JSON.parse(text) as Partial<AgentState>;
  if (parsed.version !== 1 || typeof parsed.agentId !== 'string') throw new Error(`${statePath(home)} is not an agent state file (move it away to start over)`);
  return { version: 1, agentId: parsed.agentId, server: parsed.server ?? null, files: parsed.files ?? {}, stats: { ...emptyStats(), ...parsed.stats } };
}

/** The state as it would be for `server`: offsets of another server are dropped. */
export function forServer(state: AgentState, server: string): AgentState {
  return state.server === server ? state : { ...state, server, files: {} };
}

/** Write atomically: a temp file renamed over the old one, so a crash leaves the old or the new state, never half. */
export function saveState(home: string, state: AgentState): void {
  mkdirSync(agentDir(home), { recursive: true, mode: 0o700 });
  const temp = `${statePath(home)}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
  renameSync(temp, statePath(home));
}

export function checkpointsOf(state: AgentState): Map<string, FileCheckpoint> {
  return new Map(Object.entries(state.files).map(([path, offset]) => [path, { path, ...offset }]));
}

export function recordCheckpoints(state: AgentState, checkpoints: readonly FileCheckpoint[]): void {
  for (const { path, ...offset } of checkpoints) state.files[path] = offset;
}
