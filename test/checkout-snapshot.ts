import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The user's checkout as bytes: HEAD, branch, refs, index, status and every file's content. */
export async function checkoutSnapshot(repo: string): Promise<Record<string, string>> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
  const files = git('ls-files', '-z', '--cached', '--others').split('\0').filter(Boolean);
  const hash = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  return {
    head: git('rev-parse', 'HEAD'),
    branch: git('symbolic-ref', '-q', 'HEAD'),
    status: git('status', '--porcelain=v2', '--branch'),
    index: hash(readFileSync(join(repo, '.git', 'index'))),
    files: files.map((f) => `${f}:${hash(readFileSync(join(repo, f)))}`).join('\n'),
  };
}
