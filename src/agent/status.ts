import { discoverTranscripts } from '../sources/claude-code/discover.js';
import { describeFetchError } from './push.js';
import { ProjectFilter } from './exclude.js';
import { loadState, statePath } from './state.js';
import { STATUS_PATH, type AgentStatus } from './wire.js';

export interface StatusRequest {
  home: string;
  roots: string[];
  server?: string;
  key?: string;
  excludeProjects?: string[];
}

/**
 * `sightline agent --status`: what the state file says (agent id, pushes, errors, bytes not yet
 * delivered) and, when a server and key are known, what the server recorded for this agent.
 */
export async function printAgentStatus(request: StatusRequest): Promise<number> {
  const state = loadState(request.home);
  const out = (label: string, value: unknown) => process.stdout.write(`  ${label.padEnd(14)} ${value}\n`);
  const when = (ms: number | null) => (ms ? `${new Date(ms).toISOString()} (${ago(ms)} ago)` : 'never');
  process.stdout.write(`Sightline agent ${state.agentId}\n`);
  out('state', statePath(request.home));
  out('server', state.server ?? request.server ?? '(none yet)');
  out('last push', when(state.stats.lastPushAt));
  out('pushes', `${state.stats.pushes} (${state.stats.eventsPushed.toLocaleString('en-US')} events)`);
  out('errors', state.stats.errors);
  if (state.stats.lastError) out('last error', `${state.stats.lastError} at ${when(state.stats.lastErrorAt)}`);
  const behind = await behindBytes(request, state.files);
  out('files', `${behind.files} sendable, ${behind.excluded} excluded`);
  out('not yet sent', `${behind.bytes.toLocaleString('en-US')} bytes`);
  if (request.server && request.key) await printServerView(request.server, request.key, state.agentId, out);
  return 0;
}

async function behindBytes(request: StatusRequest, files: Record<string, { offset: number }>) {
  const discovery = await discoverTranscripts(request.roots);
  const filter = new ProjectFilter(request.excludeProjects ?? []);
  const sendable = discovery.files.filter((f) => filter.reason(f.path) === null);
  const bytes = sendable.reduce((sum, f) => sum + Math.max(0, f.size - (files[f.path]?.offset ?? 0)), 0);
  return { files: sendable.length, excluded: discovery.files.length - sendable.length, bytes };
}

async function printServerView(server: string, key: string, agentId: string, out: (label: string, value: unknown) => void): Promise<void> {
  try {
    const response = await fetch(new URL(STATUS_PATH, server), { headers: { authorization: `Bearer ${key}`, 'x-sightline-client': 'agent' }, signal: AbortSignal.timeout(5000) });
    if (!response.ok) return out('server says', `HTTP ${response.status}`);
    const { agents } = (await response.json()) as { agents: AgentStatus[] };
    const mine = agents.find((a) => a.agentId === agentId);
    if (!mine) return out('server says', 'no push from this agent recorded');
    out('server says', `${mine.pushes} pushes, ${mine.errors} errors, ${mine.eventsPushed.toLocaleString('en-US')} events (${mine.eventsInserted.toLocaleString('en-US')} new), lag ${mine.lagMs ?? '?'} ms`);
    if (mine.lastError) out('server error', mine.lastError);
  } catch (error) {
    out('server says', `unreachable: ${describeFetchError(error)}`);
  }
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : s < 172_800 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86_400)}d`;
}
