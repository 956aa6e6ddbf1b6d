import { z } from 'zod';
import { ApiError, notFound } from '../server/errors.js';
import type { SqlSession } from '../store/sql/session.js';

/**
 * Team settings, kept as JSON in `teams.settings`. Every field has a default, so a team created with
 * `{}` (or settings written by an older version) reads as a complete object.
 *
 * @example const { defaultVisibility } = await readTeamSettings(store.reads, principal.teamId);
 */

export const VISIBILITIES = ['private', 'team', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** null = no budget */
const limit = z.number().nonnegative().max(1e12).nullable().default(null);
const tokenLimit = z.number().int().nonnegative().max(1e15).nullable().default(null);

export const budget = z.strictObject({ dayUsd: limit, monthUsd: limit, dayTokens: tokenLimit, monthTokens: tokenLimit });
export type Budget = z.infer<typeof budget>;

const NO_BUDGET: Budget = { dayUsd: null, monthUsd: null, dayTokens: null, monthTokens: null };

/** Alert severities, lowest first: `notifications.minSeverity` is the least one a webhook is told about. */
export const ALERT_SEVERITIES = ['warning', 'high', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Keys older versions stored under `notifications` (`email`: nothing here can send mail). */
const LEGACY_NOTIFICATION_KEYS = ['email'];

/** Stored settings keep parsing after a key was retired: it is dropped, not refused. */
function withoutLegacyNotificationKeys(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !LEGACY_NOTIFICATION_KEYS.includes(key)));
}

export const teamSettings = z.strictObject({
  profile: z.strictObject({ name: z.string().trim().min(1).max(100), description: z.string().max(2000).default('') }),
  openSignup: z.boolean().default(false),
  defaultVisibility: z.enum(VISIBILITIES).default('private'),
  budgets: z.strictObject({ team: budget.default(NO_BUDGET), users: z.record(z.string().min(1).max(256), budget).default({}) }).default({ team: NO_BUDGET, users: {} }),
  alerts: z
    .strictObject({
      contextPct: z.number().min(1).max(100).default(80),
      errorRatePct: z.number().min(0).max(100).default(10),
      slowServiceMs: z.number().int().min(1).max(86_400_000).default(30_000),
    })
    .default({ contextPct: 80, errorRatePct: 10, slowServiceMs: 30_000 }),
  notifications: z
    .preprocess(
      withoutLegacyNotificationKeys,
      z.strictObject({ webhookUrl: z.url({ protocol: /^https?$/ }).max(2000).optional(), minSeverity: z.enum(ALERT_SEVERITIES).default('high') }),
    )
    .default({ minSeverity: 'high' }),
});
export type TeamSettings = z.infer<typeof teamSettings>;

/** The settings of a team (defaults for what was never set); the profile name defaults to the team's name. */
export async function readTeamSettings(db: SqlSession, teamId: string): Promise<TeamSettings> {
  const [row] = await db.all('SELECT name, settings FROM teams WHERE id = $1', [teamId]);
  // local mode has no teams row: it runs on the defaults
  if (!row) return defaultsFor(teamId);
  const stored = parseStored(String(row.settings));
  const withName = { ...stored, profile: { ...(isObject(stored.profile) ? stored.profile : {}), name: String(row.name) } };
  // teams.name is the truth for the name (other code may rename a team); writes keep both in step
  const parsed = teamSettings.safeParse(withName);
  // settings written by hand or by a newer version: fall back field group by field group, never fail a read
  return parsed.success ? parsed.data : salvage(withName, String(row.name));
}

/**
 * Merge `patch` (a deep partial: objects merge, anything else replaces; `budgets.users.<id>: null`
 * drops that user's budget; `notifications.webhookUrl: null` removes the hook) into the stored
 * settings, validate the result and store it. A bad field → ApiError bad_request naming its path.
 */
export async function writeTeamSettings(db: SqlSession, teamId: string, patch: unknown): Promise<TeamSettings> {
  if (!isObject(patch)) throw new ApiError('bad_request', 'the settings must be a JSON object', 'body');
  const current = await readTeamSettings(db, teamId);
  const merged = deepMerge(current, patch) as Record<string, unknown>;
  dropNulls(merged, ['budgets', 'users']);
  dropNulls(merged, ['notifications']);
  const parsed = teamSettings.safeParse(merged);
  if (!parsed.success) throw settingsError(parsed.error.issues);
  const settings = parsed.data;
  const changed = await db.run('UPDATE teams SET name = $1, settings = $2 WHERE id = $3', [settings.profile.name, JSON.stringify(settings), teamId]);
  if (changed === 0) throw notFound(`no team '${teamId}'`);
  return settings;
}

function defaultsFor(teamName: string): TeamSettings {
  return teamSettings.parse({ profile: { name: teamName } });
}

function salvage(stored: Record<string, unknown>, teamName: string): TeamSettings {
  const settings = defaultsFor(teamName) as Record<string, unknown>;
  for (const key of Object.keys(teamSettings.shape)) {
    const attempt = teamSettings.safeParse({ ...settings, [key]: stored[key] });
    if (attempt.success) settings[key] = (attempt.data as Record<string, unknown>)[key];
  }
  return settings as TeamSettings;
}

function parseStored(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return isObject(value) ? value : {};
  } catch {
    return {};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

/** null entries at `path` mean "remove". */
function dropNulls(root: Record<string, unknown>, path: string[]): void {
  let node: unknown = root;
  for (const key of path) node = isObject(node) ? node[key] : undefined;
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) if (value === null) delete node[key];
}

function settingsError(issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string; keys?: string[] }>): ApiError {
  const issue = issues[0];
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) path.push(issue.keys[0]);
  const field = path.join('.') || 'body';
  const message = issue.code === 'unrecognized_keys' ? `unknown setting '${field}'` : `'${field}': ${issue.message}`;
  return new ApiError('bad_request', message, field);
}
