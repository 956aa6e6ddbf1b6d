import { useRef } from 'react';
import { useLiveClient, useLiveSubscription } from '../../lib/live';
import type { InsightNotice } from './types';

/**
 * Calls `onNew` with insights posted after the page subscribed, from the live `insights` channel
 * (docs/live.md). The subscription's snapshot is the baseline; while the client polls instead of
 * using the socket, each polled snapshot is compared with the ids seen so far.
 */
export function useNewInsights(onNew: (notices: InsightNotice[]) => void): void {
  const client = useLiveClient();
  const seen = useRef<Set<string> | null>(null);
  const report = (notices: InsightNotice[]) => {
    const known = seen.current ?? new Set<string>();
    const fresh = notices.filter((n) => !known.has(n.id));
    for (const n of notices) known.add(n.id);
    seen.current = known;
    if (fresh.length) onNew(fresh);
  };
  useLiveSubscription(client, 'insights', {}, {
    onSnapshot: (data) => {
      const notices = (data as { insights?: InsightNotice[] }).insights ?? [];
      // the first snapshot (and one after a reconnect gap) only says what already exists
      if (seen.current === null) seen.current = new Set(notices.map((n) => n.id));
      else report(notices);
    },
    onUpdate: (data) => report((data as { insights?: InsightNotice[] }).insights ?? []),
  });
}
