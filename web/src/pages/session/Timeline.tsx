import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, type CSSProperties, type KeyboardEvent } from 'react';
import { fmtCompact, fmtDuration, fmtInt } from '../../lib/format';
import { seriesColor } from '../../lib/theme';
import { fmtCost, fmtDateTime, fmtOffset, KIND_LABELS, shortModel } from './format';
import type { TimelineRow } from './timeline-model';
import type { Compaction, TimelineEvent } from './types';

/** Every row is one line: fixed heights keep a 10,000-event timeline cheap to lay out and scroll. */
export const ROW_HEIGHT = 34;
const estimateSize = () => ROW_HEIGHT;

interface TimelineProps {
  rows: TimelineRow[];
  sessionStart: number;
  compactions: Map<string, Compaction>;
  descriptions: Map<string, string>;
  selectedId: string | null;
  onSelect: (eventId: string) => void;
  onToggle: (agentId: string) => void;
}

/** The virtualized conversation: only the rows in view (plus a few) are in the DOM. */
export function Timeline({ rows, sessionStart, compactions, descriptions, selectedId, onSelect, onToggle }: TimelineProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable callbacks: a new getItemKey makes the virtualizer re-measure every row on every render.
  const getItemKey = useCallback((index: number) => rows[index].key, [rows]);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize,
    overscan: 4,
    getItemKey,
  });

  // A link with ?event=… scrolls its row into view once the row has loaded.
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId || scrolledTo.current === selectedId) return;
    const index = rows.findIndex((r) => r.type === 'event' && r.event.id === selectedId);
    if (index < 0) return;
    scrolledTo.current = selectedId;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [selectedId, rows, virtualizer]);

  // a row clicked in view is already where it should be: no jump
  const selectInPlace = useCallback(
    (eventId: string) => {
      scrolledTo.current = eventId;
      onSelect(eventId);
    },
    [onSelect],
  );

  const focusRow = (index: number) => {
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const tryFocus = (attempts: number) => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`button[data-index="${index}"]`);
      if (el) el.focus({ preventScroll: true });
      else if (attempts > 0) requestAnimationFrame(() => tryFocus(attempts - 1));
    };
    requestAnimationFrame(() => tryFocus(5));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 }[event.key as string];
    const home = event.key === 'Home';
    const end = event.key === 'End';
    if (step === undefined && !home && !end) return;
    const holder = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]');
    const current = holder ? Number(holder.dataset.index) : -1;
    let next = home ? 0 : end ? rows.length - 1 : Math.max(0, Math.min(rows.length - 1, current + step!));
    const direction = end || (step ?? 1) < 0 ? -1 : 1;
    while (next >= 0 && next < rows.length && rows[next].type === 'switch') next += direction;
    if (next < 0 || next >= rows.length) return;
    event.preventDefault();
    focusRow(next);
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div ref={scrollRef} className="tl-scroll" onKeyDown={onKeyDown} data-testid="timeline-scroll">
      <div className="tl-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = rows[item.index];
          const place = { index: item.index, top: item.start };
          return row.type === 'event' ? (
            <EventRow
              key={item.key}
              place={place}
              event={row.event}
              depth={row.depth}
              lane={row.lane}
              sessionStart={sessionStart}
              compaction={row.event.kind === 'compaction' ? compactions.get(row.event.id) : undefined}
              selected={row.event.id === selectedId}
              onSelect={selectInPlace}
            />
          ) : row.type === 'group' ? (
            <GroupRow key={item.key} place={place} row={row} description={descriptions.get(row.agentId)} onToggle={onToggle} />
          ) : (
            <div key={item.key} data-index={item.index} style={{ transform: `translateY(${item.start}px)` }} className="tl-switch" data-testid="model-switch">
              <span className="tl-time">{fmtOffset(row.ts - sessionStart)}</span>
              <span>
                ⇄ Model switch: <strong title={row.from}>{shortModel(row.from)}</strong> → <strong title={row.to}>{shortModel(row.to)}</strong>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

interface Place {
  index: number;
  top: number;
}

const EventRow = memo(function EventRow({
  place,
  event: e,
  depth,
  lane,
  sessionStart,
  compaction,
  selected,
  onSelect,
}: {
  place: Place;
  event: TimelineEvent;
  depth: number;
  lane: number;
  sessionStart: number;
  compaction?: Compaction;
  selected: boolean;
  onSelect: (id: string) => void;
}) {
  const failed = e.kind === 'error' || (e.kind === 'tool_call' && e.status === 'error');
  return (
    <button
      type="button"
      className={`tl-row k-${e.kind}${failed ? ' failed' : ''}${depth > 0 ? ' branch' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-testid="timeline-row"
      data-event-id={e.id}
      data-kind={e.kind}
      onClick={() => onSelect(e.id)}
      data-index={place.index}
      style={depth > 0 ? { ...laneStyle(depth, lane), transform: `translateY(${place.top}px)` } : { transform: `translateY(${place.top}px)` }}
      title={fmtDateTime(e.ts)}
    >
      <span className="tl-time">{fmtOffset(e.ts - sessionStart)}</span>
      <span className={`tl-kind ${kindTone(e)}`}>{kindLabel(e)}</span>
      <span className="tl-text">{rowText(e, compaction)}</span>
      <span className="tl-metrics">{metrics(e)}</span>
    </button>
  );
});

function GroupRow({ place, row, description, onToggle }: { place: Place; row: Extract<TimelineRow, { type: 'group' }>; description?: string; onToggle: (agentId: string) => void }) {
  return (
    <button
      type="button"
      className="tl-row tl-group branch"
      aria-expanded={!row.collapsed}
      onClick={() => onToggle(row.agentId)}
      data-testid="timeline-branch"
      data-index={place.index}
      style={{ ...laneStyle(1, row.lane), transform: `translateY(${place.top}px)` }}
    >
      <span className="tl-time" aria-hidden="true">
        {row.collapsed ? '▸' : '▾'}
      </span>
      <span className="tl-kind tone-accent">{row.agentId ? 'Subagent' : 'Sidechain'}</span>
      <span className="tl-text">
        {description ? <strong>{description}</strong> : <strong>{row.label}</strong>}
        <span className="muted">
          {' '}
          · {fmtInt(row.count)} events{row.shown !== row.count ? ` (${fmtInt(row.shown)} shown)` : ''} · {fmtDuration(row.lastTs - row.firstTs)}
          {row.collapsed ? ' · collapsed' : ''}
        </span>
      </span>
      <span className="tl-metrics">
        {row.errors > 0 && <span className="badge bad">{row.errors} err</span>}
        <span>{fmtCompact(row.tokens)} tok</span>
        <span>{fmtCost(row.costUsd)}</span>
      </span>
    </button>
  );
}

/** Indentation and the colored lane line of a subagent branch. */
function laneStyle(depth: number, lane: number): CSSProperties {
  return { paddingLeft: 8 + depth * 16, ['--lane' as string]: seriesColor(lane), ['--lane-x' as string]: `${depth * 16 - 6}px` };
}

function kindTone(e: TimelineEvent): string {
  switch (e.kind) {
    case 'prompt':
      return 'tone-accent';
    case 'tool_call':
      return e.status === 'error' ? 'tone-bad' : e.status === 'ok' ? 'tone-ok' : 'tone-warn';
    case 'error':
      return 'tone-bad';
    case 'api_error':
      return 'tone-warn';
    case 'compaction':
      return 'tone-accent';
    case 'log':
      return e.level === 'error' ? 'tone-bad' : e.level === 'warning' ? 'tone-warn' : '';
    default:
      return '';
  }
}

function kindLabel(e: TimelineEvent): string {
  if (e.kind === 'tool_call') return e.toolName ?? 'Tool';
  if (e.kind === 'llm_call') return e.model ? shortModel(e.model) : 'Model call';
  return KIND_LABELS[e.kind] ?? e.kind;
}

function rowText(e: TimelineEvent, compaction?: Compaction): string {
  if (e.kind === 'compaction') {
    const parts = [compaction?.trigger ? `${compaction.trigger} compaction` : 'Compaction'];
    if (compaction?.preTokens != null || compaction?.postTokens != null) parts.push(`${fmtCompact(compaction?.preTokens)} → ${fmtCompact(compaction?.postTokens)} tokens`);
    return parts.join(': ');
  }
  if (e.kind === 'session_start') return e.text ?? 'Session started';
  if (e.kind === 'llm_call') {
    if (e.text) return e.text;
    const cache = e.cacheReadTokens || e.cacheCreationTokens ? ` · cache read ${fmtCompact(e.cacheReadTokens)}, write ${fmtCompact(e.cacheCreationTokens)}` : '';
    return `${e.model ?? 'Model call'}${cache}`;
  }
  if (e.kind === 'log' && e.level) return `[${e.level}] ${e.text ?? ''}`;
  return e.text ?? '';
}

function metrics(e: TimelineEvent) {
  if (e.kind === 'llm_call') {
    const input = (e.inputTokens ?? 0) + (e.cacheReadTokens ?? 0) + (e.cacheCreationTokens ?? 0);
    return (
      <>
        <span title={`input ${fmtInt(e.inputTokens)} · cache read ${fmtInt(e.cacheReadTokens)} · cache write ${fmtInt(e.cacheCreationTokens)}`}>{fmtCompact(input)} in</span>
        <span>{fmtCompact(e.outputTokens)} out</span>
        <span className="tl-cost">{e.costUsd === null ? 'unpriced' : fmtCost(e.costUsd)}</span>
      </>
    );
  }
  if (e.kind === 'tool_call') {
    return (
      <>
        {e.exitCode !== null && e.exitCode !== 0 && <span>exit {e.exitCode}</span>}
        <span>{fmtDuration(e.durationMs)}</span>
        <span className={`badge ${e.status === 'error' ? 'bad' : e.status === 'ok' ? 'ok' : 'warn'}`}>{e.status || 'pending'}</span>
      </>
    );
  }
  return null;
}
