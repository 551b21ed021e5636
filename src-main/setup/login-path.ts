import { execa } from 'execa';
import { delimiter } from 'node:path';

const MARK = '__ORCHESTRATOR_PATH__';

/**
 * The PATH a terminal would have. An app started from the dock or a desktop menu inherits a minimal PATH
 * without nvm, Homebrew or ~/.local/bin, so CLIs installed there are "not found" — the field's most common
 * complaint. Asks the user's login shell once (interactive, so .zshrc/.bashrc additions count), and falls
 * back to the inherited PATH when there is no usable shell.
 */
export async function loginShellPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const inherited = env.PATH ?? '';
  if (process.platform === 'win32' || !env.SHELL) return inherited;
  try {
    const result = await execa(env.SHELL, ['-ilc', `printf '%s%s%s' '${MARK}' "$PATH" '${MARK}'`], {
      env,
      extendEnv: false,
      stdin: 'ignore',
      timeout: 5000,
      reject: false,
    });
    const match = new RegExp(`${MARK}(.*)${MARK}`, 's').exec(String(result.stdout ?? ''));
    if (!match?.[1]) return inherited;
    return mergePaths(match[1], inherited);
  } catch {
    return inherited;
  }
}

/** The shell's entries first, then inherited ones it lacks, without duplicates. */
export function mergePaths(first: string, second: string): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const dir of [...first.split(delimiter), ...second.split(delimiter)]) {
    if (dir === '' || seen.has(dir)) continue;
    seen.add(dir);
    out.push(dir);
  }
  return out.join(delimiter);
}

let cached: Promise<string> | null = null;

/** The login-shell PATH, resolved once per process. */
export function resolvedPath(): Promise<string> {
  cached ??= loginShellPath();
  return cached;
}
