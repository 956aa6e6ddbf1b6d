import { useCallback, useEffect, useRef, useState } from 'react';
import { apiGet, type ApiFailure } from '../../lib/api';
import { useRefresh } from '../../lib/refresh';
import type { TimelineEvent } from './types';

/** Rows per request: the API's maximum. */
export const TIMELINE_PAGE = 1000;

export interface TimelineState {
  events: TimelineEvent[];
  /** the first page has arrived */
  ready: boolean;
  /** every page has arrived */
  done: boolean;
  pages: number;
  error: ApiFailure | undefined;
  retry: () => void;
}

interface Page {
  items: TimelineEvent[];
  nextCursor: string | null;
}

/**
 * A session's whole timeline: the first page at once, the rest in the background, one page at a
 * time with a pause between pages so rendering and input never wait for loading. On a refresh tick,
 * a finished timeline asks for events at or after its last one (a live session keeps growing).
 * `eventsPath`: another source of the same pages (a public link's `/public/:token/events`).
 */
export function useTimeline(sessionId: string, live: boolean, eventsPath = `/sessions/${encodeURIComponent(sessionId)}/events`): TimelineState {
  const { tick } = useRefresh();
  const [state, setState] = useState<{ key: string; events: TimelineEvent[]; ready: boolean; done: boolean; pages: number; error?: ApiFailure }>({
    key: sessionId,
    events: [],
    ready: false,
    done: false,
    pages: 0,
  });
  const [attempt, setAttempt] = useState(0);
  const resume = useRef<{ cursor: string | null }>({ cursor: null });
  const ids = useRef(new Set<string>());

  useEffect(() => {
    const abort = new AbortController();
    let cancelled = false;
    const fresh = state.key !== sessionId || attempt === 0 || !state.ready;
    if (fresh) {
      ids.current = new Set();
      resume.current = { cursor: null };
      setState({ key: sessionId, events: [], ready: false, done: false, pages: 0 });
    } else setState((s) => ({ ...s, error: undefined }));
    const run = async () => {
      let cursor = resume.current.cursor;
      for (;;) {
        const page = await apiGet<Page>(eventsPath, { limit: TIMELINE_PAGE, cursor: cursor ?? undefined }, abort.signal);
        if (cancelled) return;
        const added = page.items.filter((e) => !ids.current.has(e.id));
        for (const e of added) ids.current.add(e.id);
        cursor = page.nextCursor;
        resume.current.cursor = cursor;
        const done = cursor === null;
        setState((s) => ({ key: sessionId, events: added.length ? s.events.concat(added) : s.events, ready: true, done, pages: s.pages + 1 }));
        if (done) return;
        // let the page paint and handle input before the next request is parsed
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (cancelled) return;
      }
    };
    run().catch((error: Error) => {
      if (error.name === 'AbortError' || cancelled) return;
      setState((s) => ({ ...s, key: sessionId, ready: s.ready, error: error as ApiFailure }));
    });
    return () => {
      cancelled = true;
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId, attempt]);

  // Refresh ticks: append what arrived since the last event (live sessions only).
  const lastTick = useRef(tick);
  useEffect(() => {
    if (tick === lastTick.current) return;
    lastTick.current = tick;
    if (!live || !state.done || state.key !== sessionId) return;
    const abort = new AbortController();
    const last = state.events[state.events.length - 1];
    const from = last ? last.ts : 0;
    apiGet<Page>(eventsPath, { limit: TIMELINE_PAGE, from, to: Date.now() + 60_000 }, abort.signal).then(
      (page) => {
        const added = page.items.filter((e) => !ids.current.has(e.id));
        if (added.length === 0) return;
        for (const e of added) ids.current.add(e.id);
        setState((s) => (s.key === sessionId ? { ...s, events: s.events.concat(added) } : s));
      },
      () => undefined,
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = state.key === sessionId;
  return {
    events: current ? state.events : [],
    ready: current && state.ready,
    done: current && state.done,
    pages: current ? state.pages : 0,
    error: current ? state.error : undefined,
    retry,
  };
}
