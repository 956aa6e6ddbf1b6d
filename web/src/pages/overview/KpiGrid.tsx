import { KpiCard } from '../../components/KpiCard';
import { fmtCompact, fmtInt, fmtPct, fmtUsd } from '../../lib/format';
import type { OverviewAnswer } from './types';

/** The eight headline numbers, each with its change against the previous period of equal length. */
export function KpiGrid({ kpis }: { kpis: OverviewAnswer['kpis'] }) {
  return (
    <div className="grid kpis">
      <KpiCard testId="kpi-sessions" label="Sessions" kpi={kpis.sessions} format={fmtInt} />
      <KpiCard testId="kpi-active" label="Active now" kpi={kpis.activeNow} format={fmtInt} />
      <KpiCard testId="kpi-prompts" label="Prompts" kpi={kpis.prompts} format={fmtInt} />
      <KpiCard testId="kpi-tokens" label="Tokens" kpi={kpis.tokens} format={fmtCompact} goodWhen="neither" />
      <KpiCard testId="kpi-cost" label="Cost" kpi={kpis.costUsd} format={fmtUsd} goodWhen="down" />
      <KpiCard testId="kpi-users" label="Users" kpi={kpis.users} format={fmtInt} />
      <KpiCard testId="kpi-tool-calls" label="Tool calls" kpi={kpis.toolCalls} format={fmtInt} />
      <KpiCard testId="kpi-error-rate" label="Error rate" kpi={kpis.errorRate} format={(v) => fmtPct(v, 2)} goodWhen="down" />
    </div>
  );
}
