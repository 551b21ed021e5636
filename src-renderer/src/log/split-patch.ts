/**
 * Cuts a unified diff into one patch per file, keyed by the path numstat reported, so the view parses and
 * renders only the file being looked at — a large change set never blocks the window.
 */
export function patchByPath(patch: string, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const chunks = patch.split(/^(?=diff --git )/m).filter((chunk) => chunk.startsWith('diff --git '));
  for (const chunk of chunks) {
    const header = chunk.slice(0, chunk.indexOf('\n') + 1 || chunk.length);
    const path = paths.find(
      (p) =>
        chunk.includes(`\n+++ b/${p}\n`) ||
        chunk.includes(`\n--- a/${p}\n`) ||
        header.trimEnd().endsWith(` b/${p}`),
    );
    if (path !== undefined && !out.has(path)) out.set(path, chunk);
  }
  return out;
}
