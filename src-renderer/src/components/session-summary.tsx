import type { SessionState, Spend, WorkerState } from '../../../src-shared/models';
import { formatCost, formatElapsed, formatTokens, plural } from '../format';
import { spendCost } from '../../../src-shared/log/spend-text';
import { noSpend, sessionSpend } from '../../../src-shared/state/spend';
import { SpendChart } from './spend/spend-chart';
import { SpendTable } from './spend/spend-table';
import './spend/spend.css';
import { openDecisionOn } from '../../../src-shared/state/oversight';
import { ACTION_WORDS, waitingLook } from '../log/decision-words';
import { SESSION_STATUS, WORKER_STATUS } from '../status';
import { useApp } from '../store/context';
import type { OversightItem } from '../store/projections/oversight';
import { StatusChip } from './status-chip';

const NO_ITEMS: readonly OversightItem[] = [];

/** A worker's status, or — while a decision on it is open — that it waits for the person. */
function WorkerStatusChip({ state, worker }: { state: SessionState; worker: WorkerState }) {
  const waiting = openDecisionOn(state, worker.workerId);
  if (!waiting) return <StatusChip look={WORKER_STATUS[worker.status]} title={worker.statusReason} />;
  return (
    <StatusChip
      look={waitingLook(waiting.action)}
      title={`Open in Needs you; its process is ${WORKER_STATUS[worker.status].label}`}
    />
  );
}

function ReviewSpend({ spend }: { spend: Spend }) {
  const count = spend.tokens.input + spend.tokens.output;
  if (count === 0) return <span className="muted">none</span>;
  return (
    <>
      {formatTokens(count)} · {spendCost(spend)}
    </>
  );
}

/** What the session left behind, once it has ended: who finished, what changed where, what it cost. */
export function SessionSummary() {
  const state = useApp((s) => s.view?.state ?? null);
  const items = useApp((s) => s.view?.oversight.items ?? NO_ITEMS);
  const series = useApp((s) => s.view?.spendSeries ?? null);
  const showSessionTab = useApp((s) => s.showSessionTab);
  if (!state || state.endedAt === null) return null;
  const decisions = items.filter(
    (i): i is Extract<OversightItem, { kind: 'decision' }> => i.kind === 'decision',
  );
  const verdicts = items.filter((i) => i.kind === 'verdict').length;
  const spend = sessionSpend(state);
  const tokens = spend.total.tokens.input + spend.total.tokens.output;
  return (
    <section className="panel summary" aria-labelledby="summary-title">
      <h2 id="summary-title">
        Summary <StatusChip look={SESSION_STATUS[state.status]} />
      </h2>
      <p className="summary-next">
        <button type="button" className="primary" onClick={() => showSessionTab('review')}>
          Review &amp; merge
        </button>{' '}
        <span className="muted">each worker’s diff, its reviews, and whether it merges cleanly</span>
      </p>
      <p className="summary-line">
        {formatElapsed(Date.parse(state.endedAt) - Date.parse(state.startedAt))} · {formatTokens(tokens)} ·{' '}
        {spendCost(spend.total)} in all · {plural(verdicts, 'review')} ·{' '}
        {plural(decisions.length, 'decision')}
      </p>
      <table className="summary-table">
        <thead>
          <tr>
            <th scope="col">Worker</th>
            <th scope="col">Status</th>
            <th scope="col">Files</th>
            <th scope="col">Tokens</th>
            <th scope="col">Cost</th>
            <th scope="col" title="What the other agents' reviews of its changes cost">
              Its reviews
            </th>
            <th scope="col">Branch</th>
          </tr>
        </thead>
        <tbody>
          {state.workers.map((worker) => (
            <tr key={worker.workerId}>
              <th scope="row">
                {worker.agent}
                {worker.model ? <span className="muted internal-name"> {worker.model}</span> : null}
              </th>
              <td>
                <WorkerStatusChip state={state} worker={worker} />
              </td>
              <td title={worker.filesChanged.join('\n')}>
                {plural(worker.filesChanged.length, 'file')}
                {worker.filesChanged.length > 0 ? (
                  <span className="muted">
                    {' '}
                    ({worker.filesChanged.slice(0, 3).join(', ')}
                    {worker.filesChanged.length > 3 ? ', …' : ''})
                  </span>
                ) : null}
              </td>
              <td>{formatTokens(worker.tokens.input + worker.tokens.output)}</td>
              <td>{formatCost(worker.costUsd)}</td>
              <td>
                <ReviewSpend spend={worker.reviewSpend ?? noSpend()} />
              </td>
              <td>
                <code>{worker.branch ?? '— (in place)'}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Spend</h3>
      <SpendTable spend={spend} />
      <SpendChart series={series ?? []} startedAt={state.startedAt} />
      {decisions.length > 0 ? (
        <>
          <h3>Decisions</h3>
          <ul className="summary-decisions">
            {decisions.map((item) => (
              <li key={item.seq}>
                <span className={`status-chip tone-${ACTION_WORDS[item.decision.action].tone}`}>
                  {ACTION_WORDS[item.decision.action].label}
                </span>
                {item.decision.target ? ` for ${item.decision.target}` : ''} — {item.decision.reason}{' '}
                <span className="internal-name">
                  ({item.decision.action}, rule {item.decision.rule})
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
