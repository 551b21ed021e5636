import { memo, useEffect, useRef } from 'react';
import type { WorkerState } from '../../../src-shared/models';
import { formatCost, formatTokens, plural } from '../format';
import { WORKER_STATUS } from '../status';
import { useApp } from '../store/context';
import type { ActivityLine } from '../store/session-view';
import { StatusChip } from './status-chip';

const NO_LINES: readonly ActivityLine[] = [];

/** Follows the newest line unless the person scrolled up to read. */
function ActivityList({ lines }: { lines: readonly ActivityLine[] }) {
  const ref = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const list = ref.current;
    if (list && following.current) list.scrollTop = list.scrollHeight;
  }, [lines]);
  return (
    <ol
      className="activity"
      ref={ref}
      aria-label="Recent activity"
      onScroll={(e) => {
        const list = e.currentTarget;
        following.current = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
      }}
    >
      {lines.map((line) => (
        <li key={line.seq} className={`line-${line.tone}`}>
          <time dateTime={line.ts}>{new Date(line.ts).toLocaleTimeString()}</time>{' '}
          <span className="line-text">{line.text}</span>
        </li>
      ))}
    </ol>
  );
}

export const WorkerPane = memo(function WorkerPane({ worker }: { worker: WorkerState }) {
  const lines = useApp((s) => s.view?.lines[worker.workerId] ?? NO_LINES);
  const tokens = worker.tokens.input + worker.tokens.output;
  return (
    <article className="worker-pane" aria-label={`${worker.agent} worker`} data-worker={worker.workerId}>
      <header className="pane-header">
        <h2>{worker.agent}</h2>
        <StatusChip look={WORKER_STATUS[worker.status]} title={worker.statusReason} />
        {worker.demo ? <span className="badge">demo</span> : null}
      </header>
      <dl className="pane-stats">
        <div>
          <dt>Files</dt>
          <dd data-testid="files-changed">{plural(worker.filesChanged.length, 'file')}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{formatTokens(tokens)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(worker.costUsd)}</dd>
        </div>
      </dl>
      <p className="last-activity" title="Last activity">
        {worker.lastActivity ?? (worker.statusReason || 'No activity yet')}
      </p>
      <ActivityList lines={lines} />
    </article>
  );
});
