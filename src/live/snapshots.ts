import { contextWindow, type PriceTable } from '../core/pricing/index.js';
import type { SessionRollup, Store } from '../store/store.js';
import { contextAlert, contextThreshold, type AlertThresholds, type LiveAlert } from './alerts.js';
import { canSeeAlert, canSeeEvent, canSeeSession, type Viewer } from './items.js';
import { figuresOf, type WindowView } from './metrics-window.js';
import { minuteFigures, recentEvents } from './snapshot-queries.js';
import { listInsights } from '../people/repo/insights.js';

/** What snapshots read besides the store: the hub's in-memory state. */
export interface SnapshotSources {
  store: Store;
  prices: PriceTable;
  metricsView(): WindowView;
  activeAlerts(): LiveAlert[];
  /** a team's alert thresholds (default: the built-in ones) */
  alertThresholds?(teamId: string): Promise<AlertThresholds>;
  /** sessions idle longer than this raise no context alert in a snapshot */
  recentMs: number;
}

const SESSION_SNAPSHOT = 100;
const MINUTES_SNAPSHOT = 15;
const INSIGHTS_SNAPSHOT = 20;

/**
 * The state a subscription starts from, per channel:
 * events → `{ events }` (newest `eventLimit`, oldest first); sessions → `{ sessions }` (most recent first);
 * metrics → `{ current, minutes }`; alerts → `{ alerts }` (active ones); insights → `{ insights }` (newest 20).
 */
export async function buildSnapshot(sources: SnapshotSources, viewer: Viewer, eventLimit: number, now = Date.now()): Promise<unknown> {
  switch (viewer.channel) {
    case 'events':
      return { events: await recentEvents(sources.store, viewer.scope, viewer.filters, eventLimit) };
    case 'sessions':
      return { sessions: (await visibleSessions(sources.store, viewer)).slice(0, SESSION_SNAPSHOT) };
    case 'metrics': {
      const since = now - (now % 60_000) - (MINUTES_SNAPSHOT - 1) * 60_000;
      return {
        current: figuresOf(sources.metricsView(), (e) => canSeeEvent(viewer, e)),
        minutes: await minuteFigures(sources.store, viewer.scope, viewer.filters, since),
      };
    }
    case 'alerts':
      return { alerts: await activeAlerts(sources, viewer, now) };
    case 'insights':
      return { insights: (await listInsights(sources.store.reads, sources.store.dialect, { teamId: viewer.scope.teamId, viewerId: viewer.scope.userId, limit: INSIGHTS_SNAPSHOT })).items };
  }
}

/** store.listSessions, narrowed by the viewer's filters in JS (the list is bounded). */
async function visibleSessions(store: Store, viewer: Viewer): Promise<SessionRollup[]> {
  const sessions = await store.listSessions(viewer.scope, { limit: 1000 });
  return sessions.filter((s) => canSeeSession(viewer, s));
}

/**
 * Alerts the hub is tracking, plus context-window alerts of recently active sessions from the store:
 * after a restart the hub has seen nothing yet, but a session at 92% is still at 92%.
 */
async function activeAlerts(sources: SnapshotSources, viewer: Viewer, now: number): Promise<LiveAlert[]> {
  const alerts = new Map<string, LiveAlert>();
  for (const session of await visibleSessions(sources.store, viewer)) {
    const lowest = (await sources.alertThresholds?.(session.teamId))?.contextPct;
    const alert = sessionContextAlert(sources.prices, session, now - sources.recentMs, lowest);
    if (alert) alerts.set(alert.id, alert);
  }
  for (const alert of sources.activeAlerts()) if (canSeeAlert(viewer, alert)) alerts.set(alert.id, alert);
  return [...alerts.values()].sort((a, b) => b.ts - a.ts);
}

function sessionContextAlert(prices: PriceTable, session: SessionRollup, activeSince: number, lowest?: number): LiveAlert | null {
  if (session.ended || session.lastTs < activeSince || !session.lastModel || !session.lastContextTokens) return null;
  const window = contextWindow(prices, session.lastModel);
  const percent = (session.lastContextTokens / window) * 100;
  const threshold = contextThreshold(percent, lowest);
  if (threshold === null) return null;
  const subject = { ...session, ts: session.lastTs, model: session.lastModel };
  return contextAlert(subject, session.lastContextTokens, window, percent, threshold, lowest);
}
