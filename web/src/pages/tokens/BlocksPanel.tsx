import { useMemo } from 'react';
import { ClientTable, type ClientColumn } from '../../components/ClientTable';
import { ExportLinks } from '../../components/ExportLinks';
import { Loadable, Panel } from '../../components/Panel';
import { fmtCompact, fmtDuration, fmtInt, fmtTime, fmtUsd } from '../../lib/format';
import { useQueryParams } from '../../lib/router';
import { useApi } from '../../lib/use-api';
import type { Block, BlocksAnswer } from './types';

/** 5-hour billing blocks, newest first (as `sightline report blocks`); the running block is highlighted. */
export function BlocksPanel({ params }: { params: { from: string; to: string } }) {
  const [search, setParams] = useQueryParams();
  const showGaps = search.get('gaps') === '1';
  const blocks = useApi<BlocksAnswer>('/tokens/blocks', params);
  return (
    <Panel
      title="5-hour blocks"
      id="blocks"
      note="Claude usage limits reset in 5-hour windows that start with your first message; the running block shows its burn rate and where it is heading."
      actions={
        <>
          <label className="check">
            <input type="checkbox" checked={showGaps} onChange={(e) => setParams({ gaps: e.target.checked ? '1' : undefined })} data-testid="show-gaps" />
            Show idle gaps
          </label>
          <ExportLinks path="/tokens/blocks" params={params} name="token-blocks" />
        </>
      }
    >
      <Loadable state={blocks}>{(data) => <BlocksContent data={data} showGaps={showGaps} />}</Loadable>
    </Panel>
  );
}

function BlocksContent({ data, showGaps }: { data: BlocksAnswer; showGaps: boolean }) {
  const rows = useMemo(() => data.blocks.filter((b) => showGaps || !b.isGap), [data.blocks, showGaps]);
  const active = data.active;
  return (
    <>
      {active ? (
        <div className="active-block" data-testid="active-block">
          <div>
            <span className="badge ok">
              <span className="pulse live" aria-hidden="true" /> Active block
            </span>{' '}
            <span className="muted">
              {fmtTime(active.startTime)} – {fmtTime(active.endTime)} · {active.models.join(', ')}
            </span>
          </div>
          <dl className="block-figures">
            <div>
              <dt>Cost so far</dt>
              <dd data-testid="active-cost" data-value={active.costUSD}>
                {fmtUsd(active.costUSD)}
              </dd>
            </div>
            <div>
              <dt>Tokens</dt>
              <dd data-testid="active-tokens" data-value={active.totalTokens}>
                {fmtCompact(active.totalTokens)}
              </dd>
            </div>
            <div>
              <dt>Burn rate</dt>
              <dd data-testid="active-burn" data-value={active.burnRate?.costPerHour ?? ''}>
                {active.burnRate ? (
                  <>
                    {fmtUsd(active.burnRate.costPerHour)}/h <small>{fmtCompact(Math.round(active.burnRate.tokensPerMinute))} tokens/min</small>
                  </>
                ) : (
                  '–'
                )}
              </dd>
            </div>
            <div>
              <dt>Projected by block end</dt>
              <dd data-testid="active-projection" data-value={active.projection?.totalCost ?? ''}>
                {active.projection ? (
                  <>
                    {fmtUsd(active.projection.totalCost)} <small>{fmtCompact(active.projection.totalTokens)} tokens</small>
                  </>
                ) : (
                  '–'
                )}
              </dd>
            </div>
            <div>
              <dt>Time left</dt>
              <dd>{active.projection ? fmtDuration(active.projection.remainingMinutes * 60_000) : '–'}</dd>
            </div>
          </dl>
        </div>
      ) : (
        <p className="muted" data-testid="no-active-block">
          No block is running now: the next message starts a new 5-hour block.
        </p>
      )}
      <ClientTable
        rows={rows}
        columns={BLOCK_COLUMNS}
        rowKey={(b) => b.id}
        caption="5-hour blocks, newest first"
        pageSize={12}
        label="Blocks"
        empty={<p className="muted">No blocks in this range.</p>}
      />
    </>
  );
}

const BLOCK_COLUMNS: Array<ClientColumn<Block>> = [
  {
    key: 'startTime',
    label: 'Start',
    value: (b) => b.startTime,
    render: (b) => (
      <span className="nowrap" data-block={b.id}>
        {fmtTime(b.startTime)}{' '}
        {b.isActive && <span className="badge ok block-active">active</span>}
        {b.isGap && <span className="badge block-gap">idle gap</span>}
      </span>
    ),
  },
  { key: 'endTime', label: 'End', value: (b) => b.endTime, render: (b) => <span className="nowrap">{fmtTime(b.endTime)}</span> },
  {
    key: 'models',
    label: 'Models',
    value: (b) => b.models.length,
    csv: (b) => b.models.join(' '),
    render: (b) => (
      <span className="truncate tokens-models" title={b.models.join(', ')}>
        {b.models.join(', ') || '–'}
      </span>
    ),
  },
  { key: 'entries', label: 'Calls', align: 'right', value: (b) => b.entries, render: (b) => fmtInt(b.entries) },
  { key: 'totalTokens', label: 'Tokens', align: 'right', value: (b) => b.totalTokens, render: (b) => <span data-block-tokens={b.id} data-value={b.totalTokens}>{fmtCompact(b.totalTokens)}</span> },
  { key: 'costUSD', label: 'Cost', align: 'right', value: (b) => b.costUSD, render: (b) => <strong data-block-cost={b.id} data-value={b.costUSD}>{fmtUsd(b.costUSD)}</strong> },
  {
    key: 'burnRate',
    label: 'Burn rate',
    align: 'right',
    value: (b) => b.burnRate?.costPerHour,
    render: (b) => (b.burnRate ? `${fmtUsd(b.burnRate.costPerHour)}/h` : <span className="muted">–</span>),
  },
  {
    key: 'projection',
    label: 'Projection',
    align: 'right',
    value: (b) => b.projection?.totalCost,
    render: (b) => (b.projection ? `${fmtUsd(b.projection.totalCost)} (${fmtDuration(b.projection.remainingMinutes * 60_000)} left)` : <span className="muted">–</span>),
  },
];
