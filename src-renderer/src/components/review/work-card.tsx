import type { WorkerOutcome } from '../../../../src-shared/ipc/contract';
import { TERMINAL_WORKER_STATUSES, type PeerReview, type WorkerState } from '../../../../src-shared/models';
import { plural } from '../../format';
import { WORKER_STATUS, type StatusLook } from '../../status';
import { VerdictChip } from '../oversight/verdict-chip';
import { StatusChip } from '../status-chip';

/** Where a merge would go and where the person's checkout is now (see SessionOutcomes). */
export interface MergeTarget {
  target: string | null;
  checkout: string | null;
}

export interface CardMessage {
  tone: 'done' | 'bad';
  text: string;
}

interface Props {
  worker: WorkerState;
  outcome: WorkerOutcome | undefined;
  /** Null while the figures are being read. */
  where: MergeTarget | null;
  verdicts: readonly PeerReview[];
  selected: boolean;
  busy: boolean;
  message: CardMessage | undefined;
  /** Why Merge, Open or Copy cannot be offered by this client; null when they can. */
  missing: { merge: string | null; open: string | null };
  onMerge(): void;
  onCopy(): void;
  onOpen(): void;
  onShow(): void;
}

/** The worker's branch against the person's HEAD, in a word and a symbol. */
function mergeLook(worker: WorkerState, outcome: WorkerOutcome | undefined, target: string): StatusLook {
  if (worker.branch === null) return { label: 'worked in place', symbol: '—', tone: 'calm' };
  if (!outcome) return { label: 'not readable', symbol: '?', tone: 'attention' };
  if (outcome.diffstat.files.length === 0) return { label: 'no changes', symbol: '○', tone: 'calm' };
  if (outcome.merged) return { label: `merged into ${target}`, symbol: '✓', tone: 'done' };
  if (outcome.merge.clean) return { label: 'merges cleanly', symbol: '✓', tone: 'done' };
  return { label: `conflicts: ${outcome.merge.conflicts.join(', ')}`, symbol: '✕', tone: 'bad' };
}

/** Why Merge cannot run now, in words for its tooltip and the line under it; null when it can. */
export function whyNoMerge(
  worker: WorkerState,
  outcome: WorkerOutcome | undefined,
  where: MergeTarget | null,
  missing: string | null,
): string | null {
  if (missing) return missing;
  if (worker.branch === null) return `${worker.workerId} worked in place: there is no branch to merge`;
  if (!TERMINAL_WORKER_STATUSES.includes(worker.status))
    return `${worker.workerId} is ${WORKER_STATUS[worker.status].label}; merge its work once it has ended`;
  if (!where) return 'reading the branches…';
  if (where.target === null) return 'the session started on a detached HEAD: merge the branch yourself';
  if (where.checkout !== where.target)
    return `your checkout is on ${where.checkout ?? 'a detached HEAD'}; switch back to ${where.target} first`;
  if (!outcome) return `${worker.workerId}'s worktree could not be read`;
  if (outcome.diffstat.files.length === 0) return 'there are no changes to merge';
  if (outcome.merged) return `already in ${where.target}`;
  if (!outcome.merge.clean)
    return `it conflicts with ${where.target} in ${outcome.merge.conflicts.join(', ')}: resolve it yourself`;
  return null;
}

/** One worker's work at a glance: status, diffstat, verdicts, whether it merges, and what to do with it. */
export function WorkCard(props: Props) {
  const { worker, outcome, where, verdicts, message } = props;
  const target = where?.target ?? 'your branch';
  const mergeBlocked = props.busy ? 'merging…' : whyNoMerge(worker, outcome, where, props.missing.merge);
  const noBranch = worker.branch === null ? `${worker.workerId} worked in place, without a branch` : null;
  const openBlocked = noBranch ?? props.missing.open;
  const look = mergeLook(worker, outcome, target);
  const stat = outcome?.diffstat;
  const mergeLabel = `Merge into ${target}`;
  return (
    <article
      className={`work-card${props.selected ? ' selected' : ''}`}
      aria-label={`${worker.workerId}'s work`}
      data-worker={worker.workerId}
    >
      <header className="work-card-head">
        <h3>{worker.workerId}</h3>
        <StatusChip look={WORKER_STATUS[worker.status]} title={worker.statusReason} />
        <span className="spacer" />
        <span className="merge-badge" data-testid="merge-badge">
          <StatusChip look={look} title={`Against ${target} now`} />
        </span>
      </header>
      <p className="work-card-stat">
        {stat ? (
          <>
            {plural(stat.files.length, 'file')} <span className="added">+{stat.added}</span>{' '}
            <span className="deleted">−{stat.deleted}</span>
          </>
        ) : worker.branch === null ? (
          'Changes made in place, in your checkout'
        ) : where ? (
          'No figures for this worktree'
        ) : (
          'Reading…'
        )}
      </p>
      <div className="work-card-verdicts" aria-label={`Verdicts on ${worker.workerId}`}>
        {verdicts.length === 0 ? (
          <span className="muted">Not reviewed</span>
        ) : (
          verdicts.map((review) => <VerdictChip key={review.id} review={review} />)
        )}
      </div>
      {worker.branch ? (
        <p className="work-card-branch">
          <code title={worker.branch}>{worker.branch}</code>
        </p>
      ) : null}
      <div className="work-card-actions">
        <button
          type="button"
          className="primary"
          aria-disabled={mergeBlocked !== null}
          title={
            mergeBlocked ? `${mergeLabel} — ${mergeBlocked}` : `${mergeLabel}: only a clean merge is made`
          }
          onClick={() => mergeBlocked === null && props.onMerge()}
        >
          {mergeLabel}
        </button>
        <button
          type="button"
          aria-disabled={noBranch !== null}
          title={noBranch ?? `Copy ${worker.branch} to the clipboard`}
          onClick={() => noBranch === null && props.onCopy()}
        >
          Copy branch name
        </button>
        <button
          type="button"
          aria-disabled={openBlocked !== null}
          title={openBlocked ?? `Open ${worker.cwd} in your file manager`}
          onClick={() => openBlocked === null && props.onOpen()}
        >
          Open worktree
        </button>
        <button type="button" aria-pressed={props.selected} onClick={props.onShow}>
          Show changes
        </button>
      </div>
      {message ? (
        <p
          className={`work-card-message tone-text-${message.tone}`}
          role={message.tone === 'bad' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : mergeBlocked && !props.busy && worker.branch !== null && where ? (
        <p className="work-card-why muted">{mergeBlocked}</p>
      ) : null}
    </article>
  );
}
