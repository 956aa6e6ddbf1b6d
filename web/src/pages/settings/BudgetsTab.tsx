import { useState, type FormEvent } from 'react';
import { Loadable, Panel } from '../../components/Panel';
import { useApi } from '../../lib/use-api';
import { useSubmit } from '../auth/use-submit';
import { SaveRow } from './SaveRow';
import type { Budget, Member, SaveSettings, TeamSettings } from './types';

const COLUMNS: Array<{ key: keyof Budget; label: string; step: string }> = [
  { key: 'dayUsd', label: 'USD per day', step: '0.01' },
  { key: 'monthUsd', label: 'USD per month', step: '0.01' },
  { key: 'dayTokens', label: 'Tokens per day', step: '1' },
  { key: 'monthTokens', label: 'Tokens per month', step: '1' },
];
type Draft = Record<keyof Budget, string>;

const toDraft = (b: Budget | undefined): Draft => ({
  dayUsd: b?.dayUsd?.toString() ?? '',
  monthUsd: b?.monthUsd?.toString() ?? '',
  dayTokens: b?.dayTokens?.toString() ?? '',
  monthTokens: b?.monthTokens?.toString() ?? '',
});
const toBudget = (d: Draft): Budget => ({
  dayUsd: d.dayUsd.trim() === '' ? null : Number(d.dayUsd),
  monthUsd: d.monthUsd.trim() === '' ? null : Number(d.monthUsd),
  dayTokens: d.dayTokens.trim() === '' ? null : Math.round(Number(d.dayTokens)),
  monthTokens: d.monthTokens.trim() === '' ? null : Math.round(Number(d.monthTokens)),
});
const isEmpty = (b: Budget) => Object.values(b).every((v) => v === null);

/** Spending limits for the team and per member, by day and month, in USD and tokens (empty = none). */
export function BudgetsTab({ settings, save }: { settings: TeamSettings; save: SaveSettings }) {
  const members = useApi<{ items: Member[] }>('/team/members');
  return (
    <Panel title="Budgets" id="budgets" note="Leave a cell empty for no limit. Team analytics and each person’s stats show spending against these budgets.">
      <Loadable state={members}>{({ items }) => <BudgetForm settings={settings} members={items} save={save} />}</Loadable>
    </Panel>
  );
}

function BudgetForm({ settings, members, save }: { settings: TeamSettings; members: Member[]; save: SaveSettings }) {
  const submit = useSubmit();
  const [saved, setSaved] = useState(false);
  const [team, setTeam] = useState(() => toDraft(settings.budgets.team));
  const [users, setUsers] = useState<Record<string, Draft>>(() => Object.fromEntries(members.map((m) => [m.userId, toDraft(settings.budgets.users[m.userId])])));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const userBudgets = Object.fromEntries(Object.entries(users).map(([id, draft]) => [id, isEmpty(toBudget(draft)) ? null : toBudget(draft)]));
    void submit.run(async () => {
      await save({ budgets: { team: toBudget(team), users: userBudgets } });
      setSaved(true);
    });
  };
  const row = (label: string, draft: Draft, onChange: (d: Draft) => void, testId: string) => (
    <tr key={testId} data-testid={testId}>
      <th scope="row">{label}</th>
      {COLUMNS.map((c) => (
        <td key={c.key}>
          <input className="input" type="number" min="0" step={c.step} inputMode="decimal" aria-label={`${label}: ${c.label}`} value={draft[c.key]} onChange={(e) => onChange({ ...draft, [c.key]: e.target.value })} />
        </td>
      ))}
    </tr>
  );
  return (
    <form className="settings-form wide" onSubmit={onSubmit} noValidate>
      <div className="table-wrap">
        <table className="data budget-table">
          <thead>
            <tr>
              <th scope="col">Who</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {row('Whole team', team, setTeam, 'budget-team')}
            {members.map((m) => row(m.name, users[m.userId] ?? toDraft(undefined), (d) => setUsers((u) => ({ ...u, [m.userId]: d })), `budget-${m.userId}`))}
          </tbody>
        </table>
      </div>
      <SaveRow submit={submit} saved={saved} fields={[]} label="Save budgets" />
    </form>
  );
}
