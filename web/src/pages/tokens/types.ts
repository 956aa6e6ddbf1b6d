/** The answers of GET /api/v1/tokens and /tokens/blocks (docs/api.md). */
export interface TokenFields {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  totalCost: number;
}

export interface ModelBreakdown {
  modelName: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cost: number;
  missingPricing?: true;
}

export interface PeriodRow extends TokenFields {
  period: string;
  modelsUsed: string[];
  modelBreakdowns: ModelBreakdown[];
}

export interface TokenGroup {
  key: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  totalTokens: number;
  costUsd: number;
  calls: number;
  cacheHitRatio: number | null;
}

export interface TokensAnswer {
  interval: 'day' | 'week' | 'month';
  timezone: string;
  periods: PeriodRow[];
  totals: TokenFields & { unpricedModels?: string[] };
  cacheHitRatio: number | null;
  byModel: TokenGroup[];
  byProject: TokenGroup[];
  byUser: TokenGroup[];
  topSessions: Array<TokenGroup & { project: string | null }>;
}

export interface Block {
  id: string;
  startTime: string;
  endTime: string;
  actualEndTime: string | null;
  isActive: boolean;
  isGap: boolean;
  entries: number;
  models: string[];
  costUSD: number;
  totalTokens: number;
  tokenCounts: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number };
  burnRate: { costPerHour: number; tokensPerMinute: number; tokensPerMinuteForIndicator: number } | null;
  projection: { remainingMinutes: number; totalCost: number; totalTokens: number } | null;
}

export interface BlocksAnswer {
  sessionLengthHours: number;
  blocks: Block[];
  active: Block | null;
}
