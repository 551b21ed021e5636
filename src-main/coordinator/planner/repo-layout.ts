import { git } from '../../workspace/git';

export interface LayoutLimits {
  /** Lines in all (default 200). */
  maxLines?: number;
  /** Entries shown per folder one level down (default 15). */
  maxPerFolder?: number;
}

interface TreeEntry {
  type: string;
  path: string;
}

/** `git ls-tree -z` entries: "<mode> <type> <object>\t<path>\0". */
function parseLsTree(text: string): TreeEntry[] {
  return text
    .split('\0')
    .filter((entry) => entry.includes('\t'))
    .map((entry) => {
      const tab = entry.indexOf('\t');
      const [, type = 'blob'] = entry.slice(0, tab).split(' ');
      return { type, path: entry.slice(tab + 1) };
    });
}

/**
 * The repository as the planner should picture it: the base commit's top level and one level down, from
 * git (committed files only — what every worktree will contain), capped so a huge monorepo cannot flood
 * the prompt. Folders end with "/"; cut lists say how many entries were left out.
 */
export async function repoLayout(
  repo: string,
  commit: string | null,
  limits: LayoutLimits = {},
): Promise<string> {
  if (commit === null) return '(not a git repository: no layout available)';
  const maxLines = limits.maxLines ?? 200;
  const maxPerFolder = limits.maxPerFolder ?? 15;
  const top = await git(repo, ['ls-tree', '-z', commit], { raw: true });
  if (!top.ok) return `(layout unavailable: ${top.stderr})`;
  const entries = parseLsTree(top.stdout);
  const folders = entries.filter((e) => e.type === 'tree').map((e) => `${e.path}/`);
  const below = new Map<string, TreeEntry[]>();
  if (folders.length > 0) {
    const children = await git(repo, ['ls-tree', '-z', commit, '--', ...folders.slice(0, maxLines)], {
      raw: true,
    });
    for (const child of children.ok ? parseLsTree(children.stdout) : []) {
      const parent = child.path.slice(0, child.path.indexOf('/'));
      below.set(parent, [...(below.get(parent) ?? []), child]);
    }
  }
  const lines: string[] = [];
  for (const entry of entries) {
    const isFolder = entry.type === 'tree';
    lines.push(isFolder ? `${entry.path}/` : entry.path);
    const kids = below.get(entry.path) ?? [];
    for (const kid of kids.slice(0, maxPerFolder)) {
      const name = kid.path.slice(entry.path.length + 1);
      lines.push(`  ${name}${kid.type === 'tree' ? '/' : ''}`);
    }
    if (kids.length > maxPerFolder) lines.push(`  … ${kids.length - maxPerFolder} more`);
  }
  if (lines.length === 0) return '(the base commit has no files)';
  if (lines.length <= maxLines) return lines.join('\n');
  return [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines not shown`].join('\n');
}
