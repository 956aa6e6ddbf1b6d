import { Gauge } from '../../components/Gauge';
import { KpiCard } from '../../components/KpiCard';
import { Panel } from '../../components/Panel';
import { StatusBadge } from '../../components/StatusBadge';
import { fmtCompact, fmtDuration, fmtInt, fmtTime, fmtUsd } from '../../lib/format';
import { Link } from '../../lib/router';
import { shortModel } from './format';
import type { HealthPart, SessionDetail } from './types';

const PART_LABELS: Record<HealthPart['part'], string> = {
  errors: 'Errors',
  retries: 'API retries',
  contextPressure: 'Context pressure',
  slowTools: 'Slow tools',
};

/** Who, where and how much: status, models, branch, cwd, duration, tokens by type, cost, context. */
export function SessionHeader({ detail, backHref }: { detail: SessionDetail; backHref: string }) {
  const s = detail.session;
  return (
    <section className="panel session-head" aria-labelledby="session-title">
      <div className="session-head-top">
        <div className="session-id-block">
          <Link href={backHref} className="back-link">
            ← Sessions
          </Link>
          <h2 id="session-title" className="session-name" data-testid="session-title">
            {s.title || `Session ${s.sessionId}`}
          </h2>
          <div className="session-meta">
            <span data-testid="session-status">
              <StatusBadge status={s.status} />
            </span>
            {s.project && (
              <span>
                <span className="muted">project</span> {s.project}
              </span>
            )}
            {s.gitBranch && (
              <span title="git branch" data-testid="session-branch">
                ⎇ {s.gitBranch}
              </span>
            )}
            {s.cwd && (
              <span className="mono truncate" title="working directory" data-testid="session-cwd">
                {s.cwd}
              </span>
            )}
          </div>
          <div className="session-meta muted">
            <span className="mono" title="session id">
              {s.sessionId}
            </span>
            <span>user {s.userId}</span>
            <span>{s.agent}</span>
            <span>
              {fmtTime(s.firstTs)} → {fmtTime(s.lastTs)}
            </span>
          </div>
          <div className="model-chips" aria-label="Models used" data-testid="session-models">
            {s.models.map((m) => (
              <span key={m} className={`badge ${m === s.lastModel ? 'accent' : ''}`} title={m === s.lastModel ? `${m} (latest)` : m}>
                {shortModel(m)}
              </span>
            ))}
            {detail.modelSwitches.length > 0 && (
              <span className="muted">
                · {detail.modelSwitches.length} model switch{detail.modelSwitches.length === 1 ? '' : 'es'}
              </span>
            )}
          </div>
        </div>
        <HealthScore detail={detail} />
      </div>
      <div className="grid kpis session-kpis">
        <KpiCard label="Cost" kpi={s.costUsd} format={fmtUsd} testId="header-cost" />
        <KpiCard label="Input tokens" kpi={s.inputTokens} format={fmtInt} testId="header-input" />
        <KpiCard label="Output tokens" kpi={s.outputTokens} format={fmtInt} testId="header-output" />
        <KpiCard label="Cache read" kpi={s.cacheReadTokens} format={fmtInt} testId="header-cache-read" />
        <KpiCard label="Cache write" kpi={s.cacheCreationTokens} format={fmtInt} testId="header-cache-write" />
        <KpiCard label="Total tokens" kpi={s.totalTokens} format={fmtCompact} testId="header-total" />
        <KpiCard label="Duration" kpi={s.durationMs} format={fmtDuration} testId="header-duration" />
        <div className="panel kpi" data-testid="header-context">
          <div className="kpi-label">Context window</div>
          <div className="kpi-value" data-value={s.contextPct}>
            {s.contextPct.toFixed(1)}%
          </div>
          <Gauge pct={s.contextPct} label="Context window in use" />
          <div className="delta flat">
            {fmtCompact(s.contextTokens)} of {fmtCompact(s.contextWindow)}
          </div>
        </div>
      </div>
      <div className="session-counts muted" data-testid="session-counts">
        <span>{fmtInt(s.prompts)} prompts</span>
        <span>{fmtInt(s.llmCalls)} model calls</span>
        <span>
          {fmtInt(s.toolCalls)} tool calls ({fmtInt(s.toolErrors)} failed)
        </span>
        <span>{fmtInt(detail.counts.finalErrors)} errors</span>
        <span>{fmtInt(detail.counts.retries)} API retries</span>
        <span>{fmtInt(detail.counts.compactions)} compactions</span>
        <span>{fmtInt(detail.subagentTree.children.length)} subagents</span>
      </div>
    </section>
  );
}

function healthTone(score: number): string {
  return score >= 80 ? 'ok' : score >= 50 ? 'warn' : 'bad';
}

function HealthScore({ detail }: { detail: SessionDetail }) {
  const { score, parts } = detail.health;
  return (
    <div className={`health health-${healthTone(score)}`} data-testid="health">
      <div className="health-score">
        <span className="health-number" data-value={score}>
          {score}
        </span>
        <span className="muted">/ 100 health</span>
      </div>
      <ul className="health-parts" aria-label="Health score parts">
        {parts.map((p) => (
          <li key={p.part} data-part={p.part}>
            <span className={`badge ${p.penalty === 0 ? 'ok' : p.penalty >= p.maxPenalty / 2 ? 'bad' : 'warn'}`}>
              {p.penalty === 0 ? '0' : `−${p.penalty}`}/{p.maxPenalty}
            </span>{' '}
            <strong>{PART_LABELS[p.part] ?? p.part}</strong> <span className="muted">{p.explanation}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The subagents the session ran, with what each did; a click opens its spawning call. */
export function SubagentsPanel({ detail, onSelect }: { detail: SessionDetail; onSelect: (eventId: string) => void }) {
  const agents = detail.subagentTree.children;
  if (agents.length === 0) return null;
  return (
    <Panel title={`Subagents (${agents.length})`} id="subagents">
      <div className="table-wrap">
        <table className="data">
          <caption className="sr-only">Subagents of this session</caption>
          <thead>
            <tr>
              <th scope="col">Subagent</th>
              <th scope="col">Started</th>
              <th scope="col" className="num">Duration</th>
              <th scope="col" className="num">Model calls</th>
              <th scope="col" className="num">Tools</th>
              <th scope="col" className="num">Errors</th>
              <th scope="col" className="num">Tokens</th>
              <th scope="col" className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.agentId || 'sidechain'}>
                <td>
                  {a.parentToolCallId ? (
                    <button type="button" className="link-button" onClick={() => onSelect(a.parentToolCallId!)}>
                      {a.description ?? a.agentId}
                    </button>
                  ) : (
                    <span>{a.description ?? (a.agentId || 'sidechain')}</span>
                  )}
                  <div className="muted mono">{a.agentId || 'no agent id'}</div>
                </td>
                <td className="nowrap">{fmtTime(a.firstTs)}</td>
                <td className="num">{fmtDuration(a.lastTs - a.firstTs)}</td>
                <td className="num">{fmtInt(a.llmCalls)}</td>
                <td className="num">{fmtInt(a.toolCalls)}</td>
                <td className="num">{fmtInt(a.errors)}</td>
                <td className="num">{fmtCompact(a.tokens)}</td>
                <td className="num">{fmtUsd(a.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
