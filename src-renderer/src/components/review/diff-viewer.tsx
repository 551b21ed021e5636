import { useMemo, useState, type ReactNode } from 'react';
import {
  Diff,
  getChangeKey,
  Hunk,
  parseDiff,
  type ChangeData,
  type HunkData,
  type ViewType,
} from 'react-diff-view';
import 'react-diff-view/style/index.css';
import type { WorkerDiff } from '../../../../src-shared/ipc/contract';
import type { Finding } from '../../../../src-shared/models';
import { findingsElsewhere, findingsOn, placeFindings } from '../../log/findings-at-lines';
import { patchByPath } from '../../log/split-patch';
import { FindingItem } from '../oversight/findings';
import { FileTree } from './file-tree';

/** A reviewer's finding, with who raised it. */
export type ReviewedFinding = Finding & { reviewer: string };

const newLineOf = (change: ChangeData): number | null =>
  change.type === 'insert' ? change.lineNumber : change.type === 'normal' ? change.newLineNumber : null;

function FindingList({ findings, label }: { findings: readonly ReviewedFinding[]; label: string }) {
  return (
    <ul className="findings inline-findings" aria-label={label}>
      {findings.map((finding, i) => (
        <FindingItem key={i} finding={finding} by={finding.reviewer} />
      ))}
    </ul>
  );
}

function FilePatch({
  patch,
  path,
  viewType,
  findings,
}: {
  patch: string | undefined;
  path: string;
  viewType: ViewType;
  findings: readonly ReviewedFinding[];
}) {
  const files = useMemo(() => (patch ? parseDiff(patch, { nearbySequences: 'zip' }) : []), [patch]);
  const file = files[0];
  const hunks = useMemo((): HunkData[] => file?.hunks ?? [], [file]);
  const placed = useMemo(() => {
    const changes = hunks.flatMap((h) =>
      h.changes.map((c) => ({ key: getChangeKey(c), newLine: newLineOf(c) })),
    );
    return placeFindings(findings, changes);
  }, [hunks, findings]);
  const widgets = useMemo(() => {
    const out: Record<string, ReactNode> = {};
    for (const [key, list] of placed.atLine) {
      out[key] = <FindingList findings={list} label={`Findings at ${path}:${list[0]!.line}`} />;
    }
    return out;
  }, [placed, path]);
  return (
    <>
      {placed.onFile.length > 0 ? (
        <FindingList findings={placed.onFile} label={`Findings on ${path}`} />
      ) : null}
      {!file ? (
        <p className="empty">No text changes to show for this file.</p>
      ) : hunks.length === 0 ? (
        <p className="empty">Binary file, or only its mode changed.</p>
      ) : (
        <Diff viewType={viewType} diffType={file.type} hunks={hunks} widgets={widgets} className="diff-table">
          {(shown) => shown.map((hunk) => <Hunk key={hunk.content} hunk={hunk} />)}
        </Diff>
      )}
    </>
  );
}

interface Props {
  diff: WorkerDiff;
  /** The reviewers' findings on this worker's work, placed at their file:line. */
  findings?: readonly ReviewedFinding[];
  /** Names the viewer's regions ("claude's changes"). */
  label: string;
}

/**
 * One worker's changes against the base: a file tree with each file's +/− counts, and the chosen file's
 * hunks, unified or side by side, with the reviewers' findings shown inline at the lines they name.
 */
export function DiffViewer({ diff, findings = [], label }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const [viewType, setViewType] = useState<ViewType>('unified');
  const { files } = diff;
  const paths = useMemo(() => files.map((f) => f.path), [files]);
  const patches = useMemo(() => patchByPath(diff.patch, paths), [diff.patch, paths]);
  const elsewhere = useMemo(() => findingsElsewhere(findings, paths), [findings, paths]);
  const path = selected !== null && paths.includes(selected) ? selected : (paths[0] ?? null);
  const fileFindings = useMemo(() => (path ? findingsOn(findings, path) : []), [findings, path]);
  const counts = useMemo(() => {
    const out = new Map<string, number>();
    for (const p of paths) out.set(p, findingsOn(findings, p).length);
    return out;
  }, [findings, paths]);
  const added = files.reduce((n, f) => n + f.added, 0);
  const deleted = files.reduce((n, f) => n + f.deleted, 0);
  return (
    <div className="diff-viewer">
      <div className="log-toolbar">
        <span>
          {files.length} file{files.length === 1 ? '' : 's'} changed against{' '}
          <code>{diff.base.slice(0, 10)}</code> <span className="added">+{added}</span>{' '}
          <span className="deleted">−{deleted}</span>
        </span>
        <span className="spacer" />
        <div className="segmented" role="radiogroup" aria-label="Diff layout">
          {(['unified', 'split'] as const).map((type) => (
            <button
              key={type}
              type="button"
              role="radio"
              aria-checked={viewType === type}
              onClick={() => setViewType(type)}
            >
              {type === 'unified' ? 'Unified' : 'Side by side'}
            </button>
          ))}
        </div>
      </div>
      {elsewhere.length > 0 ? (
        <FindingList findings={elsewhere} label={`Findings not on a changed file of ${label}`} />
      ) : null}
      {files.length === 0 ? (
        <p className="empty">No changes yet.</p>
      ) : (
        <div className="diff-body">
          <FileTree
            files={files}
            selected={path}
            findingCounts={counts}
            onSelect={setSelected}
            label={`Changed files of ${label}`}
          />
          <div
            className="diff-file"
            aria-label={path ? `Changes in ${path}` : undefined}
            role="region"
            tabIndex={0}
          >
            {path ? <h3 className="diff-file-title">{path}</h3> : null}
            {path ? (
              <FilePatch
                key={path}
                patch={patches.get(path)}
                path={path}
                viewType={viewType}
                findings={fileFindings}
              />
            ) : null}
          </div>
        </div>
      )}
    </div>
  );
}
