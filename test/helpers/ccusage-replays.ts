import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { costUsd, defaultPriceTable } from '../../src/core/pricing/index.js';

/**
 * ccusage 20 is not consistent with itself: its daily/weekly/monthly reports drop `/btw` sidechain
 * replays (same message.id, new requestId), while its session and blocks reports de-duplicate on
 * (message.id, requestId) only and so count each replay again. Sightline counts a replay once in
 * every report. To compare session and blocks figures exactly, this independent re-implementation of
 * ccusage's two de-duplications lists the usage entries that only the session/blocks reports count.
 */
export interface ReplayEntry {
  session: string;
  model: string;
  ts: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
}

interface Entry extends ReplayEntry {
  key: string;
  messageId?: string;
  requestId?: string;
  sidechain: boolean;
  total: number;
  speed: boolean;
}

export function replaysCountedOnlyBySessionReports(root: string): ReplayEntry[] {
  const entries = readEntries(root);
  const full = new Set(dedupe(entries, true).map((e) => e.key));
  return dedupe(entries, false).filter((e) => !full.has(e.key));
}

function dedupe(entries: Entry[], sidechainIndex: boolean): Entry[] {
  const kept: Entry[] = [];
  const exact = new Map<string, number>();
  const byMessage = new Map<string, number[]>();
  for (const e of entries) {
    let at: number | undefined;
    if (e.messageId !== undefined) {
      at = exact.get(`${e.messageId}\u0000${e.requestId}`);
      if (at === undefined && sidechainIndex) at = (byMessage.get(e.messageId) ?? []).find((i) => e.sidechain || kept[i].sidechain);
    }
    if (at !== undefined) {
      const k = kept[at];
      const replace = e.sidechain !== k.sidechain ? k.sidechain : e.total !== k.total ? e.total > k.total : e.speed && !k.speed;
      if (replace) {
        kept[at] = e;
        exact.set(`${e.messageId}\u0000${e.requestId}`, at);
      }
      continue;
    }
    kept.push(e);
    if (e.messageId !== undefined) {
      exact.set(`${e.messageId}\u0000${e.requestId}`, kept.length - 1);
      byMessage.set(e.messageId, [...(byMessage.get(e.messageId) ?? []), kept.length - 1]);
    }
  }
  return kept;
}

function readEntries(root: string): Entry[] {
  const entries: Entry[] = [];
  for (const path of listJsonl(join(root, 'projects')).sort()) {
    const session = sessionOf(path);
    readFileSync(path, 'utf8').split('\n').forEach((line, n) => {
      if (!line.includes('"usage":{')) return;
      let o: any;
      try {
        o = JSON.parse(line);
      } catch {
        return;
      }
      const u = o.message?.usage;
      if (!u || typeof o.timestamp !== 'string' || o.message.model === '<synthetic>') return;
      const bd = u.cache_creation;
      const cacheCreationTokens = bd ? (bd.ephemeral_5m_input_tokens ?? 0) + (bd.ephemeral_1h_input_tokens ?? 0) : u.cache_creation_input_tokens ?? 0;
      const e: Entry = {
        key: `${path}:${n}`, session, ts: Date.parse(o.timestamp), messageId: o.message.id, requestId: o.requestId, sidechain: o.isSidechain === true,
        model: o.message.model + (u.speed === 'fast' ? '-fast' : ''), speed: u.speed != null,
        inputTokens: u.input_tokens ?? 0, outputTokens: u.output_tokens ?? 0, cacheCreationTokens, cacheReadTokens: u.cache_read_input_tokens ?? 0, total: 0, cost: 0,
      };
      e.cost = costUsd(defaultPriceTable(), o.message.model, { ...e, cacheCreation1hTokens: bd?.ephemeral_1h_input_tokens ?? 0, speed: u.speed }) ?? 0;
      e.total = e.inputTokens + e.outputTokens + e.cacheCreationTokens + e.cacheReadTokens;
      entries.push(e);
    });
  }
  return entries;
}

function listJsonl(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listJsonl(full) : name.endsWith('.jsonl') ? [full] : [];
  });
}

function sessionOf(path: string): string {
  const rel = path.split(sep);
  const parts = rel.slice(rel.lastIndexOf('projects') + 1);
  if (parts.length === 2) return parts[1].replace(/\.jsonl$/, '');
  if (parts.length >= 4 && parts[parts.length - 2] === 'subagents') return parts[parts.length - 3];
  return parts[parts.length - 2];
}
