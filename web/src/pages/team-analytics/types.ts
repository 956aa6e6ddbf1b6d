/** GET /api/v1/team/analytics (src/analytics/views/team-analytics.ts, team-budgets.ts). */
export interface DeveloperFigures {
  userId: string;
  name: string | null;
  sessions: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
}

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
  users: Array<{ userId: string; day: PeriodUse; month: PeriodUse }>;
}

export interface TeamAnalytics {
  from: number;
  to: number;
  timezone: string;
  developers: DeveloperFigures[];
  topUsers: DeveloperFigures[];
  /** events per local weekday (0 = Monday) × hour (0–23) */
  heatmap: { metric: 'events'; counts: number[][] };
  tags: Array<{ tag: string; count: number }>;
  budgets: BudgetUse;
}
