import type { CanonicalEvent } from '../core/event.js';
import type { Scope } from '../core/scope.js';
import type { SessionRollup } from '../store/store.js';
import type { LiveAlert } from './alerts.js';
import { eventMatches, sessionLikeMatches, visibleTo, type FilterSets } from './filters.js';
import { figuresOf, type WindowView } from './metrics-window.js';
import type { LiveChannel, LiveNotice } from './types.js';

/**
 * One entry of the instance-wide live stream, numbered by `seq`. Items hold unscoped data; each
 * subscription renders them through its scope and filters, so a replay renders exactly what the
 * live push did.
 */
export type LiveItem =
  | { seq: number; at: number; channel: 'events'; event: CanonicalEvent }
  | { seq: number; at: number; channel: 'sessions'; sessions: SessionRollup[] }
  | { seq: number; at: number; channel: 'metrics'; window: WindowView }
  | { seq: number; at: number; channel: 'alerts'; alerts: LiveAlert[] }
  | { seq: number; at: number; channel: 'insights'; notice: LiveNotice };

/** Who is looking, through which filters. */
export interface Viewer {
  channel: LiveChannel;
  scope: Scope;
  filters: FilterSets;
}

export function canSeeEvent(viewer: Viewer, event: CanonicalEvent): boolean {
  return visibleTo(viewer.scope, event) && eventMatches(viewer.filters, event);
}

export function canSeeSession(viewer: Viewer, session: SessionRollup): boolean {
  return visibleTo(viewer.scope, session) && sessionLikeMatches(viewer.filters, session);
}

export function canSeeAlert(viewer: Viewer, alert: LiveAlert): boolean {
  const models = alert.model ? [alert.model] : [];
  return visibleTo(viewer.scope, alert) && sessionLikeMatches(viewer.filters, { ...alert, models });
}

/** The frame payload this viewer gets for an item, or null when nothing in it is for them. */
export function renderItem(item: LiveItem, viewer: Viewer): unknown | null {
  if (item.channel !== viewer.channel) return null;
  switch (item.channel) {
    case 'events':
      return canSeeEvent(viewer, item.event) ? item.event : null;
    case 'sessions': {
      const sessions = item.sessions.filter((s) => canSeeSession(viewer, s));
      return sessions.length ? { ts: item.at, sessions } : null;
    }
    case 'metrics':
      return figuresOf(item.window, (e) => canSeeEvent(viewer, e));
    case 'alerts': {
      const alerts = item.alerts.filter((a) => canSeeAlert(viewer, a));
      return alerts.length ? { ts: item.at, alerts } : null;
    }
    case 'insights':
      // insights are team-wide: every member of the team sees them, nobody outside it
      return item.notice.teamId === viewer.scope.teamId ? { ts: item.at, insights: [item.notice.data] } : null;
  }
}
