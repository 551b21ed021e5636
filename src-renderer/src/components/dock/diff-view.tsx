import { useMemo, useState } from 'react';
import { Diff, Hunk, parseDiff } from 'react-diff-view';
import 'react-diff-view/style/index.css';
import { NOT_IN_THIS_CLIENT } from '../../client/orchestrator-client';
import { useWorkerDiff } from '../../hooks/use-worker-diff';
import { patchByPath } from '../../log/split-patch';
import { useApp } from '../../store/context';

function FilePatch({ patch }: { patch: string | undefined }) {
  const files = useMemo(() => (patch ? parseDiff(patch, { nearbySequences: 'zip' }) : []), [patch]);
  const file = files[0];
  if (!file) return <p className="empty">No text changes to show for this file.</p>;
  if (file.hunks.length === 0) return <p className="empty">Binary file, or only its mode changed.</p>;
  return (
    <Diff viewType="unified" diffType={file.type} hunks={file.hunks} className="diff-table">
      {(hunks) => hunks.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
    </Diff>
  );
}

/** What a worker changed against the session's base: the files with their +/− counts, then one file's hunks. */
export function DiffView({ sessionId, workerId }: { sessionId: string; workerId: string }) {
  const changes = useApp(
    (s) => s.view?.state?.workers.find((w) => w.workerId === workerId)?.filesChanged.length ?? 0,
  );
  const [selected, setSelected] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  // A new file change of the worker, or the person's refresh, asks for the diff again.
  const { available, loaded } = useWorkerDiff(sessionId, workerId, `${changes}/${reload}`);

  const diff = loaded.status === 'ready' ? loaded.diff : null;
  const patches = useMemo(
    () =>
      diff
        ? patchByPath(
            diff.patch,
            diff.files.map((f) => f.path),
          )
        : new Map<string, string>(),
    [diff],
  );
  if (!available) return <p className="empty">Diffs are {NOT_IN_THIS_CLIENT}.</p>;
  if (loaded.status === 'loading') return <p className="empty">Reading the changes…</p>;
  if (loaded.status === 'error')
    return (
      <p className="field-error" role="alert">
        Could not read the changes: {loaded.message}
      </p>
    );
  const { files, base } = loaded.diff;
  const path =
    selected !== null && files.some((f) => f.path === selected) ? selected : (files[0]?.path ?? null);
  const added = files.reduce((n, f) => n + f.added, 0);
  const deleted = files.reduce((n, f) => n + f.deleted, 0);
  return (
    <div className="diff-view">
      <div className="log-toolbar">
        <span>
          {files.length} file{files.length === 1 ? '' : 's'} changed against <code>{base.slice(0, 10)}</code>{' '}
          <span className="added">+{added}</span> <span className="deleted">−{deleted}</span>
        </span>
        <span className="spacer" />
        <button type="button" onClick={() => setReload((n) => n + 1)} title="Read the worktree again">
          ⟳ Refresh
        </button>
      </div>
      {files.length === 0 ? (
        <p className="empty">No changes yet.</p>
      ) : (
        <div className="diff-body">
          <ul className="diff-files" aria-label="Changed files">
            {files.map((file) => (
              <li key={file.path}>
                <button
                  type="button"
                  aria-current={file.path === path || undefined}
                  onClick={() => setSelected(file.path)}
                  title={file.path}
                >
                  <span className="diff-path">{file.path}</span>
                  {file.binary ? (
                    <span className="badge">binary</span>
                  ) : (
                    <span className="diff-counts">
                      <span className="added">+{file.added}</span>{' '}
                      <span className="deleted">−{file.deleted}</span>
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
          <div className="diff-file" aria-label={path ? `Changes in ${path}` : undefined} role="region">
            {path ? <h3 className="diff-file-title">{path}</h3> : null}
            <FilePatch patch={path ? patches.get(path) : undefined} />
          </div>
        </div>
      )}
    </div>
  );
}
