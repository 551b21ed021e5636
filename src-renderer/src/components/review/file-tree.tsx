import { useMemo } from 'react';
import type { DiffFile } from '../../../../src-shared/ipc/contract';
import { fileTree, type TreeFolder } from '../../log/file-tree';

interface Props {
  files: readonly DiffFile[];
  selected: string | null;
  /** How many reviewers' findings each file has. */
  findingCounts: ReadonlyMap<string, number>;
  onSelect(path: string): void;
  label: string;
}

function Counts({ added, deleted }: { added: number; deleted: number }) {
  return (
    <span className="diff-counts">
      <span className="added">+{added}</span> <span className="deleted">−{deleted}</span>
    </span>
  );
}

function Folder({ folder, props }: { folder: TreeFolder; props: Props }) {
  return (
    <>
      {folder.folders.map((child) => (
        <li key={child.path} className="tree-folder">
          <span className="tree-folder-name" title={child.path}>
            <span aria-hidden="true">▸ </span>
            {child.name}/ <Counts added={child.added} deleted={child.deleted} />
          </span>
          <ul>
            <Folder folder={child} props={props} />
          </ul>
        </li>
      ))}
      {folder.files.map((file) => {
        const findings = props.findingCounts.get(file.path) ?? 0;
        return (
          <li key={file.path}>
            <button
              type="button"
              aria-current={file.path === props.selected || undefined}
              onClick={() => props.onSelect(file.path)}
              title={file.path}
            >
              <span className="diff-path">{file.name}</span>
              {findings > 0 ? (
                <span className="badge tone-warn" title={`${findings} reviewer finding(s)`}>
                  {findings} finding{findings === 1 ? '' : 's'}
                </span>
              ) : null}
              {file.binary ? (
                <span className="badge">binary</span>
              ) : (
                <Counts added={file.added} deleted={file.deleted} />
              )}
            </button>
          </li>
        );
      })}
    </>
  );
}

/** The changed files as folders and files, each with its +/− counts; a file's button shows its hunks. */
export function FileTree(props: Props) {
  const root = useMemo(() => fileTree(props.files), [props.files]);
  return (
    <ul className="diff-files file-tree" aria-label={props.label}>
      <Folder folder={root} props={props} />
    </ul>
  );
}
