/** A changed file as the tree shows it. */
export interface TreeFile {
  path: string;
  added: number;
  deleted: number;
  binary: boolean;
}

/** A folder of the tree: its own files and sub-folders, with the totals of everything under it. */
export interface TreeFolder {
  name: string;
  /** Path from the root, '' for the root itself. */
  path: string;
  folders: TreeFolder[];
  files: (TreeFile & { name: string })[];
  added: number;
  deleted: number;
}

/**
 * The changed files as a folder tree, folders first, each level sorted by name; a folder with a single
 * sub-folder and no files of its own is joined to it ("src/api"), so deep paths do not waste rows.
 */
export function fileTree(files: readonly TreeFile[]): TreeFolder {
  const root: TreeFolder = { name: '', path: '', folders: [], files: [], added: 0, deleted: 0 };
  for (const file of files) {
    const parts = file.path.split('/');
    const name = parts.pop()!;
    let folder = root;
    folder.added += file.added;
    folder.deleted += file.deleted;
    for (const part of parts) {
      const path = folder.path ? `${folder.path}/${part}` : part;
      let next = folder.folders.find((f) => f.name === part);
      if (!next) {
        next = { name: part, path, folders: [], files: [], added: 0, deleted: 0 };
        folder.folders.push(next);
      }
      next.added += file.added;
      next.deleted += file.deleted;
      folder = next;
    }
    folder.files.push({ ...file, name });
  }
  return compact(sortTree(root));
}

function sortTree(folder: TreeFolder): TreeFolder {
  return {
    ...folder,
    folders: folder.folders.map(sortTree).sort((a, b) => a.name.localeCompare(b.name)),
    files: [...folder.files].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function compact(folder: TreeFolder): TreeFolder {
  const folders = folder.folders.map((child) => {
    let joined = compact(child);
    while (joined.files.length === 0 && joined.folders.length === 1) {
      const only = joined.folders[0]!;
      joined = { ...only, name: `${joined.name}/${only.name}` };
    }
    return joined;
  });
  return { ...folder, folders };
}
