import { useEffect, useMemo, useRef, useState } from 'react';
import { ErrorNotice, Skeleton } from '../../components/Panel';
import { fmtDuration, fmtInt, fmtUsd } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { KIND_LABELS } from './format';
import { JsonTree } from './JsonTree';
import type { EventPayload, RawLine } from './types';

const RAW_PREVIEW = 200_000;

/** Fields shown first, in this order, when the event has them. */
const FIELD_ORDER = [
  'kind', 'id', 'ts', 'endTs', 'sessionId', 'project', 'agent', 'source', 'userId', 'model', 'inputTokens', 'outputTokens', 'cacheReadTokens',
  'cacheCreationTokens', 'cacheCreation1hTokens', 'costUsd', 'reportedCostUsd', 'speed', 'toolName', 'mcpServer', 'status', 'exitCode', 'durationMs',
  'level', 'requestId', 'parentId', 'isSidechain', 'sourcePath', 'sourceOffset',
];
const HIDDEN = new Set(['text', 'attrs', 'teamId', 'visibility']);

/**
 * The side panel of one event: fetched on demand from GET /events/:id. The stored fields, the text,
 * the attributes, the tool result, and the original transcript line(s) as a collapsible tree or raw
 * pretty-printed JSON. Esc closes it; focus returns to where it was.
 */
export function Inspector({ eventId, onClose }: { eventId: string; onClose: () => void }) {
  const state = useApi<EventPayload>(`/events/${encodeURIComponent(eventId)}`);
  const heading = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  useEffect(() => {
    returnFocus.current = document.activeElement as HTMLElement | null;
    heading.current?.focus();
    return () => {
      const back = returnFocus.current;
      if (back && document.contains(back)) back.focus({ preventScroll: true });
    };
  }, []);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [eventId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const data = state.data;
  const title = data ? `${KIND_LABELS[data.event.kind] ?? data.event.kind}${data.event.toolName ? ` · ${String(data.event.toolName)}` : ''}` : 'Event';
  return (
    <aside className="inspector" role="dialog" aria-modal="false" aria-labelledby="inspector-title" data-testid="inspector">
      <div className="inspector-head">
        <h2 id="inspector-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        {data && <CopyButton text={() => JSON.stringify(data, null, 2)} label="Copy all" />}
        <button type="button" className="btn" onClick={onClose} aria-label="Close inspector (Esc)" data-testid="inspector-close">
          ✕
        </button>
      </div>
      <div className="inspector-body">
        {state.error && !data ? (
          <ErrorNotice error={state.error} onRetry={state.reload} />
        ) : !data ? (
          <Skeleton count={6} />
        ) : (
          <InspectorContent payload={data} />
        )}
      </div>
    </aside>
  );
}

function InspectorContent({ payload }: { payload: EventPayload }) {
  const e = payload.event;
  const keys = useMemo(() => {
    const present = Object.keys(e).filter((k) => !HIDDEN.has(k) && e[k] !== null && e[k] !== undefined);
    return [...FIELD_ORDER.filter((k) => present.includes(k)), ...present.filter((k) => !FIELD_ORDER.includes(k))];
  }, [e]);
  const attrs = e.attrs ?? {};
  const output = typeof attrs.outputExcerpt === 'string' ? attrs.outputExcerpt : null;
  const { outputExcerpt: _omit, ...otherAttrs } = attrs;
  return (
    <>
      <section aria-labelledby="insp-fields">
        <h3 id="insp-fields">Fields</h3>
        <dl className="insp-fields" data-testid="inspector-fields">
          {keys.map((k) => (
            <div key={k} data-field={k}>
              <dt>{k}</dt>
              <dd data-value={String(e[k])}>{formatField(k, e[k])}</dd>
            </div>
          ))}
        </dl>
      </section>
      {typeof e.text === 'string' && e.text !== '' && (
        <section aria-labelledby="insp-text">
          <h3 id="insp-text">Text</h3>
          <pre tabIndex={0} className="insp-pre" data-testid="inspector-text">{e.text}</pre>
        </section>
      )}
      {output !== null && (
        <section aria-labelledby="insp-output">
          <h3 id="insp-output">
            Tool result <span className="muted">(excerpt; the full result line is below)</span>
          </h3>
          <pre tabIndex={0} className={`insp-pre ${e.status === 'error' ? 'is-error' : ''}`} data-testid="inspector-output">{output}</pre>
        </section>
      )}
      {Object.keys(otherAttrs).length > 0 && (
        <section aria-labelledby="insp-attrs">
          <h3 id="insp-attrs">Attributes</h3>
          <JsonTree value={otherAttrs} openDepth={1} label="Event attributes" />
        </section>
      )}
      <SourceSection id="source" title={e.kind === 'tool_call' ? 'Source line (tool_use)' : 'Source line'} raw={payload.source} />
      {payload.result && <SourceSection id="result" title="Result line (tool_result)" raw={payload.result} />}
      {!payload.source && (
        <p className="muted">
          No original line: this event came from the {String(e.source ?? 'unknown')} source, which keeps no transcript line to read back.
        </p>
      )}
    </>
  );
}

function SourceSection({ id, title, raw }: { id: string; title: string; raw: RawLine | null }) {
  const [mode, setMode] = useState<'tree' | 'raw'>('tree');
  const [open, setOpen] = useState(true);
  if (!raw) return null;
  const headingId = `insp-${id}`;
  return (
    <section aria-labelledby={headingId} className="insp-source" data-testid={`inspector-${id}`}>
      <div className="insp-source-head">
        <h3 id={headingId}>
          <button type="button" className="jt-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {title}
          </button>
        </h3>
        {raw.line !== null && (
          <>
            <span className="btn-group" role="group" aria-label={`${title} view`}>
              <button type="button" className="btn" aria-pressed={mode === 'tree'} onClick={() => setMode('tree')}>
                Tree
              </button>
              <button type="button" className="btn" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')} data-testid={`inspector-${id}-raw-toggle`}>
                Raw
              </button>
            </span>
            <CopyButton text={() => JSON.stringify(raw.line, null, 2)} label="Copy" />
          </>
        )}
      </div>
      <div className="muted mono insp-path" title={raw.path}>
        {raw.path}:{raw.offset}
      </div>
      {open && (
        <div>
          {raw.line === null ? (
            <div className="notice warn">The line could not be read: {raw.problem ?? 'unknown reason'}.</div>
          ) : mode === 'tree' ? (
            <JsonTree value={raw.line} openDepth={3} label={title} />
          ) : (
            <RawJson value={raw.line} testId={`inspector-${id}-raw`} />
          )}
        </div>
      )}
    </section>
  );
}

function RawJson({ value, testId }: { value: unknown; testId: string }) {
  const text = useMemo(() => JSON.stringify(value, null, 2), [value]);
  const [all, setAll] = useState(false);
  const clipped = !all && text.length > RAW_PREVIEW;
  return (
    <>
      <pre tabIndex={0} className="insp-pre raw" data-testid={testId} data-complete={!clipped}>
        {clipped ? text.slice(0, RAW_PREVIEW) : text}
      </pre>
      {clipped && (
        <button type="button" className="btn" onClick={() => setAll(true)}>
          Show all {fmtInt(text.length)} characters
        </button>
      )}
    </>
  );
}

function CopyButton({ text, label }: { text: () => string; label: string }) {
  const [done, setDone] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (done === 'idle') return;
    const timer = setTimeout(() => setDone('idle'), 1500);
    return () => clearTimeout(timer);
  }, [done]);
  const copy = async () => {
    const value = text();
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(value);
      else fallbackCopy(value);
      setDone('copied');
    } catch {
      try {
        fallbackCopy(value);
        setDone('copied');
      } catch {
        setDone('failed');
      }
    }
  };
  return (
    <button type="button" className="btn" onClick={copy} aria-live="polite">
      {done === 'copied' ? 'Copied ✓' : done === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

function fallbackCopy(value: string): void {
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

function formatField(key: string, value: unknown): string {
  if ((key === 'ts' || key === 'endTs') && typeof value === 'number') return `${new Date(value).toLocaleString()} (${value})`;
  if ((key === 'costUsd' || key === 'reportedCostUsd') && typeof value === 'number') return `${fmtUsd(value)} (${value})`;
  if (key === 'durationMs' && typeof value === 'number') return `${fmtDuration(value)} (${fmtInt(value)} ms)`;
  if (key.endsWith('Tokens') && typeof value === 'number') return fmtInt(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
