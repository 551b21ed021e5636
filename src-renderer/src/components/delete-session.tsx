import { useEffect, useId, useRef, useState } from 'react';
import type { CleanReport, SessionListItem } from '../../../src-shared/ipc/contract';
import { LIVE_SESSION_STATUSES, type SessionState } from '../../../src-shared/models';
import { useClient } from '../client/context';
import { NOT_IN_THIS_CLIENT } from '../client/orchestrator-client';
import { trapTab } from './oversight/focus-trap';

/** What Delete would remove of one worker: its worktree folder and its branch. */
interface Going {
  workerId: string;
  worktree: string;
  branch: string;
}

type Step =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'confirm'; going: Going[]; base: string | null }
  | { kind: 'working'; going: Going[]; base: string | null }
  | { kind: 'done'; report: CleanReport; forced: boolean };

const goingOf = (state: SessionState): Going[] =>
  state.workers.flatMap((w) =>
    w.branch ? [{ workerId: w.workerId, worktree: w.cwd, branch: w.branch }] : [],
  );

/** "claude: worktree and branch" for each worker something of was removed. */
function removedLines(report: CleanReport): string[] {
  return report.cleaned.flatMap((s) =>
    s.workers.flatMap((w) => {
      const what = [w.removedWorktree && 'worktree', w.deletedBranch && `branch ${w.branch}`].filter(Boolean);
      return what.length > 0 ? [`${w.workerId}: ${what.join(' and ')}`] : [];
    }),
  );
}

const keptLines = (report: CleanReport): string[] => [
  ...report.cleaned.flatMap((s) => s.workers.flatMap((w) => (w.kept ? [`${w.workerId}: ${w.kept}`] : []))),
  ...report.skipped.map((s) => s.reason),
];

/**
 * Delete in the sessions list: removes the worktrees and branches an ended session left in the repository,
 * with the same core as `orchestrate clean ID`. The person first sees what will go; work merged nowhere and
 * uncommitted changes are kept unless they then choose to delete them too; their checkout and the session's
 * log are never touched; the answer says what was removed and what kept, and why.
 */
export function DeleteSession({ item }: { item: SessionListItem }) {
  const client = useClient();
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const id = useId();
  const ended = !LIVE_SESSION_STATUSES.has(item.status);
  const available = client.deleteSession !== undefined;
  const close = () => {
    setStep({ kind: 'closed' });
    setError(null);
  };

  useEffect(() => {
    if (step.kind === 'closed') return;
    dialog.current?.querySelector<HTMLElement>('button')?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        setStep({ kind: 'closed' });
        setError(null);
      } else if (dialog.current) trapTab(event, dialog.current);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [step.kind]);

  if (!ended) return null;

  const open = async () => {
    if (!available) return;
    setError(null);
    setStep({ kind: 'loading' });
    try {
      const state = await client.sessionState(item.sessionId);
      setStep({ kind: 'confirm', going: goingOf(state), base: state.baseBranch ?? null });
    } catch (e) {
      setError((e as Error).message);
      setStep({ kind: 'confirm', going: [], base: null });
    }
  };

  const remove = async (force: boolean, going: Going[], base: string | null) => {
    setError(null);
    setStep({ kind: 'working', going, base });
    try {
      const report = await client.deleteSession!(item.sessionId, force);
      setStep({ kind: 'done', report, forced: force });
    } catch (e) {
      setError((e as Error).message);
      setStep({ kind: 'confirm', going, base });
    }
  };

  const title = `Delete the worktrees and branches of "${item.task}"`;
  return (
    <>
      <button
        type="button"
        aria-disabled={!available}
        title={available ? `${title}: you see what will go first` : `Delete — ${NOT_IN_THIS_CLIENT}`}
        onClick={() => void open()}
      >
        Delete…
      </button>
      {step.kind === 'closed' ? null : (
        <div className="modal-backdrop">
          <div
            ref={dialog}
            className="modal delete-session"
            role="dialog"
            aria-modal="true"
            aria-labelledby={`${id}-title`}
          >
            <h2 id={`${id}-title`}>Delete this session's worktrees and branches?</h2>
            {error ? (
              <p className="field-error" role="alert">
                {error}
              </p>
            ) : null}
            {step.kind === 'loading' ? <p>Reading the session…</p> : null}
            {step.kind === 'confirm' || step.kind === 'working' ? (
              <>
                {step.going.length === 0 ? (
                  <p>This session left no worktree or branch in the repository.</p>
                ) : (
                  <>
                    <p>These go:</p>
                    <ul aria-label="What will be removed">
                      {step.going.map((g) => (
                        <li key={g.workerId}>
                          {g.workerId}: worktree <code>{g.worktree}</code> and branch <code>{g.branch}</code>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <p className="muted">
                  A branch with commits not merged into {step.base ?? 'your branch'} and a worktree with
                  uncommitted changes are kept. Your checkout and the session's log stay.
                </p>
                <div className="actions">
                  <button
                    type="button"
                    aria-disabled={step.kind === 'working'}
                    onClick={() => step.kind === 'confirm' && void remove(false, step.going, step.base)}
                  >
                    {step.kind === 'working' ? 'Deleting…' : 'Delete'}
                  </button>
                  <button type="button" onClick={close}>
                    Cancel
                  </button>
                </div>
              </>
            ) : null}
            {step.kind === 'done' ? <Outcome report={step.report} /> : null}
            {step.kind === 'done' ? (
              <div className="actions">
                {!step.forced && keptLines(step.report).length > 0 ? (
                  <button type="button" onClick={() => void remove(true, [], null)}>
                    Delete anyway, unmerged work and uncommitted changes too
                  </button>
                ) : null}
                <button type="button" onClick={close}>
                  Close
                </button>
              </div>
            ) : null}
          </div>
        </div>
      )}
    </>
  );
}

function Outcome({ report }: { report: CleanReport }) {
  const removed = removedLines(report);
  const kept = keptLines(report);
  return (
    <div role="status" aria-label="What was deleted">
      <p>{removed.length > 0 ? 'Removed:' : 'Nothing was removed.'}</p>
      {removed.length > 0 ? (
        <ul aria-label="Removed">
          {removed.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      {kept.length > 0 ? (
        <>
          <p>Kept:</p>
          <ul aria-label="Kept">
            {kept.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
