import { Gauge } from '../../components/Gauge';
import { fmtCompact, fmtUsd } from '../../lib/format';
import type { BudgetUse, PeriodUse } from './types';

interface Bar {
  key: string;
  label: string;
  spent: string;
  budget: string;
  pct: number;
}

/** Spend against each budget that is set: today and this month, for the team and per user, USD and tokens. */
export function BudgetBars({ budgets, nameOf }: { budgets: BudgetUse; nameOf: (userId: string) => string }) {
  const bars = [
    ...barsOf('team', 'Team', budgets.team.day, budgets.team.month),
    ...budgets.users.flatMap((u) => barsOf(`user-${u.userId}`, nameOf(u.userId), u.day, u.month)),
  ];
  if (!bars.length) {
    return (
      <p className="muted" data-testid="no-budgets">
        No budgets set. Admins set day and month limits (US dollars or tokens) for the team and for each member in Settings → Budgets. Spend this month:{' '}
        <strong>{fmtUsd(budgets.team.month.usd)}</strong>, {fmtCompact(budgets.team.month.tokens)} tokens.
      </p>
    );
  }
  return (
    <ul className="budget-bars" aria-label="Budget use">
      {bars.map((bar) => (
        <li key={bar.key} data-budget={bar.key} data-pct={bar.pct}>
          <div className="budget-line">
            <span>{bar.label}</span>
            <span className="num">
              {bar.spent} of {bar.budget} · <strong className={bar.pct >= 100 ? 'over' : undefined}>{bar.pct.toFixed(1)}%</strong>
            </span>
          </div>
          <Gauge pct={bar.pct} label={`${bar.label}: ${bar.pct.toFixed(1)}% of the budget`} />
        </li>
      ))}
    </ul>
  );
}

function barsOf(key: string, who: string, day: PeriodUse, month: PeriodUse): Bar[] {
  const bars: Bar[] = [];
  for (const [period, when, use] of [['day', 'today', day], ['month', 'this month', month]] as const) {
    if (use.budgetUsd !== null && use.pctUsd !== null) bars.push({ key: `${key}-${period}-usd`, label: `${who}, ${when} (USD)`, spent: fmtUsd(use.usd), budget: fmtUsd(use.budgetUsd), pct: use.pctUsd });
    if (use.budgetTokens !== null && use.pctTokens !== null) bars.push({ key: `${key}-${period}-tokens`, label: `${who}, ${when} (tokens)`, spent: fmtCompact(use.tokens), budget: fmtCompact(use.budgetTokens), pct: use.pctTokens });
  }
  return bars;
}
