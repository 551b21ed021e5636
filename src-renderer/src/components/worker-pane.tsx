import { memo } from 'react';
import type { WorkerState } from '../../../src-shared/models';
import { openDecisionOn } from '../../../src-shared/state/oversight';
import { openDiff } from '../commands/open-diff';
import { openLog } from '../commands/open-log';
import { pauseWorker } from '../commands/pause-worker';
import { resumeWorker } from '../commands/resume-worker';
import { reviewWorker } from '../commands/review-worker';
import { stopWorker } from '../commands/stop-worker';
import { formatCost, formatTokens, plural } from '../format';
import { waitingLook } from '../log/decision-words';
import { WORKER_STATUS, type StatusLook } from '../status';
import { useThrottled } from '../hooks/use-throttled';
import { useApp } from '../store/context';
import type { ActivityLine } from '../store/session-view';
import { ActivityList } from './activity-list';
import { CommandButton } from './command-button';
import { Elapsed } from './elapsed';
import { StatusChip } from './status-chip';

const NO_LINES: readonly ActivityLine[] = [];
/** A pane redraws at most this often however fast its worker's events come (see useThrottled). */
const REDRAW_MS = 100;

/** Statuses in which the "now" line says what the worker waits for, in the status's colour. */
const WAITS: ReadonlySet<WorkerState['status']> = new Set([
  'needs_input',
  'setup_required',
  'rate_limited',
  'server_error',
  'recovering',
  'paused',
  'failed',
]);

/**
 * What the worker is doing now — plain text, its last step or, once its run ended, how it ended — or, when
 * it waits for something, what it waits for.
 */
function currentActivity(worker: WorkerState): string {
  const look = WORKER_STATUS[worker.status];
  if (WAITS.has(worker.status))
    return `${look.symbol} ${look.label}${worker.statusReason ? `: ${worker.statusReason}` : ''}`;
  return worker.lastActivity ?? worker.statusReason ?? 'No activity yet';
}

/** The files a tooltip lists: a long session changes thousands, and the tooltip is rebuilt on every redraw. */
function filesTitle(files: readonly string[]): string {
  if (files.length === 0) return 'No files changed yet';
  const shown = files.slice(-FILES_IN_TITLE).join('\n');
  return files.length > FILES_IN_TITLE ? `${shown}\n… and ${files.length - FILES_IN_TITLE} more` : shown;
}
const FILES_IN_TITLE = 30;

export const WorkerPane = memo(function WorkerPane({
  worker,
  index,
}: {
  worker: WorkerState;
  index: number;
}) {
  return <PaneBody worker={useThrottled(worker, REDRAW_MS)} index={index} />;
});

/** The pane's recent lines, which change far more often than the rest of it. */
const PaneActivity = memo(function PaneActivity({ workerId }: { workerId: string }) {
  return <ActivityList lines={useApp((s) => s.view?.lines[workerId] ?? NO_LINES)} />;
});

const PaneBody = memo(function PaneBody({ worker, index }: { worker: WorkerState; index: number }) {
  const focused = useApp((s) => s.focusedWorker === worker.workerId);
  const focusWorker = useApp((s) => s.focusWorker);
  const alone = useApp((s) => s.focusMode === worker.workerId);
  const setFocusMode = useApp((s) => s.setFocusMode);
  const waiting = useApp((s) =>
    s.view?.state ? (openDecisionOn(s.view.state, worker.workerId)?.action ?? null) : null,
  );
  const look: StatusLook = waiting ? waitingLook(waiting) : WORKER_STATUS[worker.status];
  const tokens = worker.tokens.input + worker.tokens.output;
  return (
    <article
      className={`worker-pane pane-${look.tone}${focused ? ' focused' : ''}`}
      aria-label={`${worker.agent} worker`}
      data-worker={worker.workerId}
      data-status={worker.status}
      data-pid={worker.pid ?? undefined}
      tabIndex={0}
      title={`${worker.agent} (${index + 1}): P pause · R resume · X stop · L log · D changes`}
      onFocus={() => {
        if (!focused) focusWorker(worker.workerId);
      }}
    >
      <header className="pane-header">
        <h2>{worker.agent}</h2>
        <StatusChip
          look={look}
          title={
            waiting
              ? `Open in Needs you; its process is ${WORKER_STATUS[worker.status].label}`
              : worker.statusReason
          }
        />
        {worker.demo ? <span className="badge">demo</span> : null}
        <span className="pane-elapsed">
          <Elapsed startedAt={worker.startedAt} endedAt={worker.endedAt} />
        </span>
      </header>
      <dl className="pane-stats">
        <div>
          <dt>Files</dt>
          <dd data-testid="files-changed" title={filesTitle(worker.filesChanged)}>
            {plural(worker.filesChanged.length, 'file')}
          </dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd
            title={`${worker.tokens.input} in (${worker.tokens.cached} cached), ${worker.tokens.output} out`}
          >
            {formatTokens(tokens)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(worker.costUsd)}</dd>
        </div>
        {worker.recoveries > 0 ? (
          <div>
            <dt>Recoveries</dt>
            <dd>{worker.recoveries}</dd>
          </div>
        ) : null}
        {worker.pid !== null ? (
          <div>
            <dt>Process</dt>
            <dd>pid {worker.pid}</dd>
          </div>
        ) : null}
      </dl>
      <p
        className={`last-activity${waiting || WAITS.has(worker.status) ? ` tone-text-${look.tone}` : ''}`}
        title={currentActivity(worker)}
      >
        {currentActivity(worker)}
      </p>
      <PaneActivity workerId={worker.workerId} />
      <footer className="pane-actions">
        <CommandButton command={openLog} workerId={worker.workerId} text="Log" />
        <CommandButton command={openDiff} workerId={worker.workerId} text="Diff" />
        <button
          type="button"
          aria-pressed={alone}
          title={alone ? 'Show every worker again' : `Show ${worker.agent} alone, with its log beside it`}
          onClick={() => setFocusMode(alone ? null : worker.workerId)}
        >
          Focus
        </button>
        <span className="spacer" />
        <CommandButton command={reviewWorker} workerId={worker.workerId} compact />
        {worker.status === 'paused' ? (
          <CommandButton command={resumeWorker} workerId={worker.workerId} compact />
        ) : (
          <CommandButton command={pauseWorker} workerId={worker.workerId} compact />
        )}
        <CommandButton command={stopWorker} workerId={worker.workerId} compact />
      </footer>
    </article>
  );
});
