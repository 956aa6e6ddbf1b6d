import { readTeamSettings, type AlertSeverity } from '../people/settings.js';
import type { Store } from '../store/store.js';
import { DEFAULT_ALERT_THRESHOLDS, type AlertThresholds } from './alerts.js';

/** What the live alerts need of a team's settings: its thresholds and where to notify. */
export interface TeamAlertSettings extends AlertThresholds {
  webhookUrl: string | null;
  minSeverity: AlertSeverity;
}

export const DEFAULT_TEAM_ALERT_SETTINGS: TeamAlertSettings = { ...DEFAULT_ALERT_THRESHOLDS, webhookUrl: null, minSeverity: 'high' };

/** Settings change rarely and events are hot: a team's are kept this long (as ingest keeps its default visibility). */
const TTL_MS = 5_000;

/** When each team's settings last changed; an entry read before that is stale (every hub's cache, one signal). */
const changedAt = new Map<string, number>();

/** Settings of this team changed: every cache reads them again on their next events. */
export function forgetAlertSettings(teamId: string): void {
  changedAt.set(teamId, Date.now());
  if (changedAt.size > 10_000) changedAt.clear(); // older than any cache entry by now
}

/**
 * Alert settings per team, read through readTeamSettings and kept a few seconds. Local mode (no teams
 * row) reads as the defaults; a failed read uses the defaults too and is reported, never thrown.
 * @example const settings = await cache.forTeams(['t1']); tracker.observe(events, now, (t) => settings.get(t)!);
 */
export class AlertSettingsCache {
  private readonly entries = new Map<string, { at: number; settings: Promise<TeamAlertSettings> }>();

  constructor(
    private readonly store: Store,
    private readonly onError: (error: unknown, context: string) => void = () => undefined,
    private readonly ttlMs = TTL_MS,
  ) {}

  async forTeams(teamIds: Iterable<string>): Promise<Map<string, TeamAlertSettings>> {
    const unique = [...new Set(teamIds)];
    const settings = await Promise.all(unique.map((teamId) => this.forTeam(teamId)));
    return new Map(unique.map((teamId, i) => [teamId, settings[i]]));
  }

  forTeam(teamId: string, now = Date.now()): Promise<TeamAlertSettings> {
    const cached = this.entries.get(teamId);
    if (cached && now - cached.at < this.ttlMs && cached.at > (changedAt.get(teamId) ?? -1)) return cached.settings;
    const settings = this.read(teamId);
    if (this.entries.size > 1000) this.entries.clear();
    this.entries.set(teamId, { at: now, settings });
    return settings;
  }

  private async read(teamId: string): Promise<TeamAlertSettings> {
    try {
      const { alerts, notifications } = await readTeamSettings(this.store.reads, teamId);
      return { ...alerts, webhookUrl: notifications.webhookUrl ?? null, minSeverity: notifications.minSeverity };
    } catch (error) {
      this.entries.delete(teamId); // try again with the next events
      this.onError(error, `reading the alert settings of team ${teamId}`);
      return DEFAULT_TEAM_ALERT_SETTINGS;
    }
  }
}
