import { readTeamSettings } from '../../people/settings.js';
import type { SqlSession } from '../../store/sql/session.js';
import { localDate, zoneOffset } from '../reports/local-time.js';
import type { TokenFigures } from './my-stats.js';
import type { TimeRange } from './time-range.js';

/** Spend limits of a team and of each user (team settings, `budgets`); null: no limit. */
export interface Limits {
  dayUsd: number | null;
  monthUsd: number | null;
  dayTokens: number | null;
  monthTokens: number | null;
}

export interface Budgets {
  team: Limits;
  users: Record<string, Limits>;
}

export type UsageByUser = Map<string, TokenFigures & { calls: number }>;

/** Spend in one period against its limits; pct is null without a limit. */
export interface PeriodUse {
  usd: number;
  tokens: number;
  budgetUsd: number | null;
  budgetTokens: number | null;
  pctUsd: number | null;
  pctTokens: number | null;
}

export interface BudgetUse {
  team: { day: PeriodUse; month: PeriodUse };
  /** users with a budget of their own or with spend this month */
  users: Array<{ userId: string; day: PeriodUse; month: PeriodUse }>;
}

const NO_LIMITS: Limits = { dayUsd: null, monthUsd: null, dayTokens: null, monthTokens: null };

/** Today and this month so far, in the viewer's zone (until the end of the current hour: nothing is later). */
export function budgetPeriods(now: number, timezone: string): { day: TimeRange; month: TimeRange } {
  const to = now - (now % 3_600_000) + 3_600_000;
  const startOf = (date: string) => {
    const wall = Date.parse(`${date}T00:00:00Z`);
    return wall - zoneOffset(wall, timezone);
  };
  const today = localDate(now, timezone);
  return { day: { from: startOf(today), to }, month: { from: startOf(`${today.slice(0, 7)}-01`), to } };
}

/** The team's budgets (team settings, src/people/settings.ts); local mode has none. */
export async function readBudgets(db: SqlSession, teamId: string): Promise<Budgets> {
  return (await readTeamSettings(db, teamId)).budgets;
}

export function budgetUse(budgets: Budgets, day: UsageByUser, month: UsageByUser): BudgetUse {
  const total = (usage: UsageByUser) => [...usage.values()].reduce((s, u) => ({ usd: s.usd + u.costUsd, tokens: s.tokens + u.totalTokens }), { usd: 0, tokens: 0 });
  const of = (usage: UsageByUser, userId: string) => ({ usd: usage.get(userId)?.costUsd ?? 0, tokens: usage.get(userId)?.totalTokens ?? 0 });
  const userIds = [...new Set([...Object.keys(budgets.users), ...month.keys()])].sort();
  return {
    team: { day: periodUse(total(day), budgets.team.dayUsd, budgets.team.dayTokens), month: periodUse(total(month), budgets.team.monthUsd, budgets.team.monthTokens) },
    users: userIds.map((userId) => {
      const limits = budgets.users[userId] ?? NO_LIMITS;
      return { userId, day: periodUse(of(day, userId), limits.dayUsd, limits.dayTokens), month: periodUse(of(month, userId), limits.monthUsd, limits.monthTokens) };
    }),
  };
}

function periodUse(spent: { usd: number; tokens: number }, budgetUsd: number | null, budgetTokens: number | null): PeriodUse {
  const pct = (value: number, limit: number | null) => (limit ? Math.round((value / limit) * 1000) / 10 : null);
  return { ...spent, budgetUsd, budgetTokens, pctUsd: pct(spent.usd, budgetUsd), pctTokens: pct(spent.tokens, budgetTokens) };
}
