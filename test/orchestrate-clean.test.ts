import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitOut, scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

// `orchestrate clean` on real sessions of the demo agents in scratch repositories.

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const { tempDir, temp } = tempDirs();

const orchestrate = (args: string[], env: Record<string, string> = {}) =>
  execa(tsx, [entry, ...args], {
    cwd: root,
    reject: false,
    stdin: 'ignore',
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '5', ...env },
  });

/** A scratch repository and a workspace with one finished demo session of codex; the session's id. */
async function finishedSession() {
  const repo = scratchRepo();
  temp.push(repo);
  const ws = tempDir('orchestrator-ws-');
  const run = await orchestrate([
    'run',
    'add a changelog',
    '--repo',
    repo,
    '--demo',
    '--agents',
    'codex',
    '--workspace',
    ws,
  ]);
  expect(run.exitCode).toBe(0);
  const listed = await orchestrate(['sessions', '--json', '--workspace', ws]);
  const id = (JSON.parse(String(listed.stdout)) as Array<{ sessionId: string }>)[0]!.sessionId;
  return { repo, ws, id, worktree: join(ws, id, 'worktrees', 'codex'), branch: `orchestrator/${id}/codex` };
}

const branchExists = (repo: string, branch: string) =>
  gitOut(repo, 'for-each-ref', '--format=%(refname:short)', `refs/heads/${branch}`) === branch;

/** The person's side of the repository: their branch, their files, the worktrees git knows. */
const userSide = (repo: string) => ({
  main: gitOut(repo, 'rev-parse', 'refs/heads/main'),
  head: gitOut(repo, 'symbolic-ref', 'HEAD'),
  status: gitOut(repo, 'status', '--porcelain', '--untracked-files=all'),
});

const TIMEOUT = 240_000;

describe('orchestrate clean', () => {
  it(
    'keeps uncommitted work, then removes worktree and branch once merged, never touching the checkout',
    async () => {
      const { repo, ws, id, worktree, branch } = await finishedSession();
      // The demo agent left its files uncommitted in its worktree.
      expect(gitOut(worktree, 'status', '--porcelain')).not.toBe('');
      const before = userSide(repo);

      const kept = await orchestrate(['clean', '--workspace', ws]);
      expect(kept.exitCode).toBe(0);
      expect(String(kept.stdout)).toBe(
        `${id}: removed nothing\n  kept codex: its worktree has uncommitted changes`,
      );
      expect(existsSync(worktree)).toBe(true);
      expect(branchExists(repo, branch)).toBe(true);
      expect(userSide(repo)).toEqual(before);

      expect((await orchestrate(['merge', id, '--worker', 'codex', '--workspace', ws])).exitCode).toBe(0);
      const merged = userSide(repo);

      const cleaned = await orchestrate(['clean', id, '--json', '--workspace', ws]);
      expect(cleaned.exitCode).toBe(0);
      expect(JSON.parse(String(cleaned.stdout))).toEqual({
        cleaned: [
          {
            sessionId: id,
            status: 'completed',
            workers: [{ workerId: 'codex', branch, removedWorktree: true, deletedBranch: true, kept: null }],
          },
        ],
        skipped: [],
      });
      expect(existsSync(worktree)).toBe(false);
      expect(branchExists(repo, branch)).toBe(false);
      expect(gitOut(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
      expect(userSide(repo)).toEqual(merged);
      // The session's logs stay.
      expect(existsSync(join(ws, id, 'events.jsonl'))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'keeps a branch with unmerged commits unless forced; --merged leaves such a session alone',
    async () => {
      const { repo, ws, id, worktree, branch } = await finishedSession();
      execFileSync('git', ['add', '-A'], { cwd: worktree });
      execFileSync(
        'git',
        ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'more'],
        {
          cwd: worktree,
        },
      );
      const tip = gitOut(repo, 'rev-parse', branch);
      const before = userSide(repo);

      const onlyMerged = await orchestrate(['clean', '--merged', '--workspace', ws]);
      expect(String(onlyMerged.stdout)).toBe(`${id}: left alone, some of its work is not merged`);
      expect(existsSync(worktree)).toBe(true);

      const kept = await orchestrate(['clean', '--workspace', ws]);
      expect(kept.exitCode).toBe(0);
      expect(String(kept.stdout)).toBe(
        `${id}: removed codex (worktree)\n  kept codex: ${branch} has commits not merged into main`,
      );
      expect(existsSync(worktree)).toBe(false);
      expect(gitOut(repo, 'rev-parse', branch)).toBe(tip);

      const forced = await orchestrate(['clean', id, '--force', '--workspace', ws]);
      expect(String(forced.stdout)).toBe(`${id}: removed codex (branch)`);
      expect(branchExists(repo, branch)).toBe(false);
      expect(userSide(repo)).toEqual(before);
    },
    TIMEOUT,
  );

  it(
    'leaves a running session alone, and refuses a bad --older-than in one line',
    async () => {
      const repo = scratchRepo();
      temp.push(repo);
      const ws = tempDir('orchestrator-ws-');
      const running = execa(
        tsx,
        [
          entry,
          'run',
          'wait',
          '--repo',
          repo,
          '--demo',
          '--agents',
          'codex',
          '--workspace',
          ws,
          '--plan',
          'template',
        ],
        { cwd: root, reject: false, stdin: 'ignore', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } },
      );
      try {
        let id = '';
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline) {
          const listed = await orchestrate(['sessions', '--json', '--workspace', ws]);
          const sessions = JSON.parse(String(listed.stdout) || '[]') as Array<{
            sessionId: string;
            status: string;
          }>;
          if (
            sessions[0]?.status === 'running' &&
            existsSync(join(ws, sessions[0].sessionId, 'worktrees', 'codex'))
          ) {
            id = sessions[0].sessionId;
            break;
          }
          await new Promise((r) => setTimeout(r, 500));
        }
        expect(id).not.toBe('');
        const result = await orchestrate(['clean', '--force', '--workspace', ws]);
        expect(String(result.stdout)).toBe(`${id}: left alone, it is still running`);
        expect(existsSync(join(ws, id, 'worktrees', 'codex'))).toBe(true);
        expect(branchExists(repo, `orchestrator/${id}/codex`)).toBe(true);
      } finally {
        running.kill('SIGINT');
        await running;
      }
      const bad = await orchestrate(['clean', '--older-than', 'soon', '--workspace', ws]);
      expect(bad.exitCode).toBe(2);
      expect(String(bad.stderr).trim()).toBe(
        'orchestrate: --older-than takes a number of days, 0 or more (got "soon")',
      );
    },
    TIMEOUT,
  );
});
