import { useMemo, useState } from 'react';
import { TERMINAL_WORKER_STATUSES } from '../../../../src-shared/models';
import { useClient } from '../../client/context';
import { NOT_IN_THIS_CLIENT } from '../../client/orchestrator-client';
import { useApp } from '../../store/context';
import type { OversightItem } from '../../store/projections/oversight';
import { messageOf } from '../../store/types';
import { useWorkerDiff } from '../../hooks/use-worker-diff';
import { DiffViewer, type ReviewedFinding } from './diff-viewer';
import { latestVerdicts } from './latest-verdicts';
import { useOutcomes } from './use-outcomes';
import { WorkCard, type CardMessage } from './work-card';
import './review-merge.css';

const NO_ITEMS: readonly OversightItem[] = [];

/** The chosen worker's changes with its reviewers' findings inline. */
function WorkerChanges({
  sessionId,
  workerId,
  findings,
  round,
}: {
  sessionId: string;
  workerId: string;
  findings: readonly ReviewedFinding[];
  round: string;
}) {
  const { available, loaded } = useWorkerDiff(sessionId, workerId, round);
  if (!available) return <p className="empty">Diffs are {NOT_IN_THIS_CLIENT}.</p>;
  if (loaded.status === 'loading') return <p className="empty">Reading {workerId}’s changes…</p>;
  if (loaded.status === 'error')
    return (
      <p className="field-error" role="alert">
        Could not read {workerId}’s changes: {loaded.message}
      </p>
    );
  return <DiffViewer diff={loaded.diff} findings={findings} label={workerId} />;
}

/**
 * The end of a session (also open while it runs): per worker a card with its status, diffstat, verdicts
 * and whether it merges cleanly, with Merge, Copy branch and Open worktree; below, one worker's diff with
 * the reviewers' findings at their lines. Merge is the core's one merge, the CLI's `orchestrate merge`.
 */
export function ReviewMerge() {
  const client = useClient();
  const sessionId = useApp((s) => s.view?.sessionId ?? '');
  const workers = useApp((s) => s.view?.state?.workers ?? null);
  const items = useApp((s) => s.view?.oversight.items ?? NO_ITEMS);
  const caps = useApp((s) => s.capabilities);
  const [selected, setSelected] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, CardMessage>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [merges, setMerges] = useState(0);
  // A worker that ends, or a merge that lands, changes what the figures say: read them again.
  const ended = (workers ?? [])
    .filter((w) => TERMINAL_WORKER_STATUSES.includes(w.status))
    .map((w) => w.workerId)
    .join(',');
  const round = `${ended}|${merges}`;
  const { state, refresh } = useOutcomes(sessionId, round);
  const outcomes = state.status === 'ready' ? state.outcomes : null;
  const verdicts = useMemo(
    () => new Map((workers ?? []).map((w) => [w.workerId, latestVerdicts(items, w.workerId)])),
    [items, workers],
  );
  if (!workers) return null;
  const shown =
    selected ??
    outcomes?.workers.find((w) => w.diffstat.files.length > 0)?.workerId ??
    workers[0]?.workerId ??
    null;
  const findings: ReviewedFinding[] = shown
    ? (verdicts.get(shown) ?? []).flatMap((review) =>
        review.findings.map((f) => ({ ...f, reviewer: review.reviewer })),
      )
    : [];
  const say = (workerId: string, message: CardMessage) => setMessages((m) => ({ ...m, [workerId]: message }));
  const merge = async (workerId: string) => {
    if (!client.merge) return;
    setBusy(workerId);
    try {
      const result = await client.merge(sessionId, workerId);
      say(workerId, { tone: 'done', text: result.text });
    } catch (error) {
      say(workerId, { tone: 'bad', text: `Not merged: ${messageOf(error)}` });
    } finally {
      setBusy(null);
      setMerges((n) => n + 1);
    }
  };
  const copy = async (workerId: string, branch: string) => {
    try {
      if (client.copyBranch) await client.copyBranch(sessionId, workerId);
      else await navigator.clipboard.writeText(branch);
      say(workerId, { tone: 'done', text: `Copied ${branch}` });
    } catch (error) {
      say(workerId, { tone: 'bad', text: `Could not copy the branch name: ${messageOf(error)}` });
    }
  };
  const open = async (workerId: string) => {
    if (!client.openWorktree) return;
    try {
      const { path } = await client.openWorktree(sessionId, workerId);
      say(workerId, { tone: 'done', text: `Opened ${path}` });
    } catch (error) {
      say(workerId, { tone: 'bad', text: `Could not open the worktree: ${messageOf(error)}` });
    }
  };
  const where = outcomes ? { target: outcomes.target, checkout: outcomes.checkout } : null;
  return (
    <section className="review-merge" aria-labelledby="review-merge-title">
      <div className="review-merge-head">
        <h2 id="review-merge-title">Review &amp; merge</h2>
        <p className="muted">
          {outcomes?.target
            ? `Merges go into ${outcomes.target}, only when clean; nothing else in your checkout changes.`
            : 'Each worker’s branch, its reviews, and whether it merges cleanly.'}
        </p>
        <span className="spacer" />
        <button type="button" onClick={refresh} title="Read every worktree and your branch again">
          ⟳ Refresh
        </button>
      </div>
      {state.status === 'error' ? (
        <p className="field-error" role="alert">
          Could not weigh the branches: {state.message}
        </p>
      ) : null}
      {state.status === 'unavailable' ? <p className="empty">Merging is {NOT_IN_THIS_CLIENT}.</p> : null}
      {where && where.target !== null && where.checkout !== where.target ? (
        <p className="warning" role="status">
          Your checkout is on {where.checkout ?? 'a detached HEAD'}, not {where.target}, the branch this
          session started from: switch back to merge.
        </p>
      ) : null}
      <div className="work-cards">
        {workers.map((worker) => (
          <WorkCard
            key={worker.workerId}
            worker={worker}
            outcome={outcomes?.workers.find((w) => w.workerId === worker.workerId)}
            where={where}
            verdicts={verdicts.get(worker.workerId) ?? []}
            selected={worker.workerId === shown}
            busy={busy === worker.workerId}
            message={messages[worker.workerId]}
            missing={{
              merge: caps.merge ? null : `merging is ${NOT_IN_THIS_CLIENT}`,
              open: caps.openWorktree ? null : `opening folders is ${NOT_IN_THIS_CLIENT}`,
            }}
            onMerge={() => void merge(worker.workerId)}
            onCopy={() => void copy(worker.workerId, worker.branch ?? '')}
            onOpen={() => void open(worker.workerId)}
            onShow={() => setSelected(worker.workerId)}
          />
        ))}
      </div>
      {shown ? (
        <section className="panel review-changes" aria-label={`${shown}'s changes`}>
          <WorkerChanges
            key={shown}
            sessionId={sessionId}
            workerId={shown}
            findings={findings}
            round={round}
          />
        </section>
      ) : null}
    </section>
  );
}
