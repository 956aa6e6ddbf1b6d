import type { Compaction, TimelineEvent } from './types';

/**
 * The timeline as flat rows for the virtualized list: the main conversation in order, each subagent
 * run (sidechain events grouped by agent id) as a collapsible branch right after the Agent/Task call
 * that started it (or where it began when no call names it), and a marker before each model switch.
 */
export type TimelineRow =
  | { type: 'event'; key: string; event: TimelineEvent; depth: number; lane: number }
  | { type: 'group'; key: string; agentId: string; depth: number; lane: number; count: number; shown: number; firstTs: number; lastTs: number; tokens: number; costUsd: number; errors: number; collapsed: boolean; label: string }
  | { type: 'switch'; key: string; from: string; to: string; ts: number; eventId: string };

/** Kind filter groups offered above the timeline. */
export const KIND_FILTERS = [
  { id: 'prompt', label: 'Prompts', kinds: ['prompt'] },
  { id: 'model', label: 'Model calls', kinds: ['llm_call'] },
  { id: 'tool', label: 'Tools', kinds: ['tool_call'] },
  { id: 'error', label: 'Errors & retries', kinds: ['error', 'api_error'] },
  { id: 'other', label: 'Other', kinds: [] as string[] },
] as const;

const KNOWN = new Set(['prompt', 'llm_call', 'tool_call', 'error', 'api_error']);

export function kindFilterOf(kind: string): string {
  for (const f of KIND_FILTERS) if ((f.kinds as readonly string[]).includes(kind)) return f.id;
  return 'other';
}

export interface RowOptions {
  /** agent ids of collapsed branches */
  collapsed: ReadonlySet<string>;
  /** kind filter ids to show (empty = all) */
  kinds: ReadonlySet<string>;
  /** case-insensitive text filter over kind, tool, model and text */
  text: string;
  /** the API's model switches: event id → from/to */
  switches: ReadonlyMap<string, { from: string; to: string }>;
}

const SPAWNING_TOOLS = new Set(['Agent', 'Task']);

export function matches(e: TimelineEvent, kinds: ReadonlySet<string>, needle: string): boolean {
  if (kinds.size > 0 && !kinds.has(KNOWN.has(e.kind) ? kindFilterOf(e.kind) : 'other')) return false;
  if (!needle) return true;
  return (
    (e.text !== null && e.text.toLowerCase().includes(needle)) ||
    (e.toolName !== null && e.toolName.toLowerCase().includes(needle)) ||
    (e.model !== null && e.model.toLowerCase().includes(needle)) ||
    e.kind.includes(needle) ||
    e.id === needle
  );
}

export function buildRows(events: TimelineEvent[], opts: RowOptions): TimelineRow[] {
  const needle = opts.text.trim().toLowerCase();
  const main: TimelineEvent[] = [];
  const groups = new Map<string, TimelineEvent[]>();
  for (const e of events) {
    if (!e.isSidechain) main.push(e);
    else {
      const key = e.agentId ?? '';
      let list = groups.get(key);
      if (!list) groups.set(key, (list = []));
      list.push(e);
    }
  }
  // the Agent/Task call of the main conversation that names each agent
  const spawnedBy = new Map<string, string>();
  for (const spawningOnly of [true, false]) {
    for (const e of main) {
      if (e.kind !== 'tool_call' || !e.agentId || !groups.has(e.agentId) || spawnedBy.has(e.agentId)) continue;
      if (spawningOnly && !SPAWNING_TOOLS.has(e.toolName ?? '')) continue;
      spawnedBy.set(e.agentId, e.id);
    }
  }
  const spawners = new Map<string, string>();
  for (const [agentId, eventId] of spawnedBy) spawners.set(eventId, agentId);
  const lanes = new Map<string, number>();
  let nextLane = 1;
  for (const key of groups.keys()) lanes.set(key, nextLane++);
  const unanchored = [...groups.entries()].filter(([key]) => !spawnedBy.has(key)).sort((a, b) => a[1][0].ts - b[1][0].ts);

  const rows: TimelineRow[] = [];
  const emitGroup = (agentId: string) => {
    const list = groups.get(agentId)!;
    const lane = lanes.get(agentId)!;
    const shown = list.filter((e) => matches(e, opts.kinds, needle));
    const filtering = needle !== '' || opts.kinds.size > 0;
    if (filtering && shown.length === 0) return;
    let tokens = 0;
    let cost = 0;
    let errors = 0;
    for (const e of list) {
      tokens += (e.inputTokens ?? 0) + (e.outputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0);
      cost += e.costUsd ?? 0;
      if (e.kind === 'error' || e.kind === 'api_error' || (e.kind === 'tool_call' && e.status === 'error')) errors++;
    }
    const collapsed = opts.collapsed.has(agentId);
    rows.push({
      type: 'group',
      key: `g:${agentId}`,
      agentId,
      depth: 1,
      lane,
      count: list.length,
      shown: shown.length,
      firstTs: list[0].ts,
      lastTs: list[list.length - 1].ts,
      tokens,
      costUsd: cost,
      errors,
      collapsed,
      label: agentId ? `Subagent ${agentId}` : 'Sidechain',
    });
    if (!collapsed) for (const e of shown) rows.push({ type: 'event', key: e.id, event: e, depth: 2, lane });
  };

  let u = 0;
  for (const e of main) {
    while (u < unanchored.length && unanchored[u][1][0].ts < e.ts) emitGroup(unanchored[u++][0]);
    if (matches(e, opts.kinds, needle)) {
      const sw = opts.switches.get(e.id);
      if (sw) rows.push({ type: 'switch', key: `s:${e.id}`, from: sw.from, to: sw.to, ts: e.ts, eventId: e.id });
      rows.push({ type: 'event', key: e.id, event: e, depth: 0, lane: 0 });
    }
    const spawned = spawners.get(e.id);
    if (spawned !== undefined) emitGroup(spawned);
  }
  while (u < unanchored.length) emitGroup(unanchored[u++][0]);
  return rows;
}

/** Compactions by event id, for the timeline's compaction rows. */
export function compactionIndex(compactions: Compaction[] | undefined): Map<string, Compaction> {
  return new Map((compactions ?? []).map((c) => [c.eventId, c]));
}
