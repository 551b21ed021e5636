import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkerStatus } from '../../../src-shared/models';
import { finishedSessionState } from '../../coordinator/testing';
import { scratchRepo } from '../../../test/scratch-repo';
import { UserInputError } from '../../coordinator/errors';
import { sh, snapshotCheckout } from '../../workspace/testing';
import { addWorktree } from '../../workspace/worktrees';
import { mergeWorker, registerMerge } from './merge';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());
const SESSION = '20260101-120000-abcdef';

/** A finished session on disk with one worker in its own worktree, as `orchestrate run` leaves it. */
async function storedSession(status: WorkerStatus = 'completed') {
  const repo = scratchRepo();
  const workspace = mkdtempSync(join(tmpdir(), 'orchestrator-ws-'));
  dirs.push(repo, workspace);
  const folder = join(workspace, SESSION);
  mkdirSync(folder);
  const base = sh(repo, 'rev-parse', 'HEAD');
  const wt = await addWorktree(repo, folder, SESSION, 'claude', base);
  const state = finishedSessionState({
    sessionId: SESSION,
    repo,
    folder,
    baseCommit: base,
    workers: [
      { workerId: 'claude', cwd: wt.path, branch: wt.branch, status },
      { workerId: 'codex', cwd: repo, branch: null },
    ],
  });
  writeFileSync(join(folder, 'session.json'), JSON.stringify(state));
  return { repo, workspace, wt };
}

/** The user's side of the repository: everything but the session's own orchestrator/… branches. */
function userSide(repo: string) {
  const snapshot = snapshotCheckout(repo);
  const refs = snapshot.refs
    .split('\n')
    .filter((line) => !line.startsWith('refs/heads/orchestrator/'))
    .join('\n');
  return { ...snapshot, refs };
}

async function refusal(promise: Promise<unknown>): Promise<UserInputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserInputError);
  return error as UserInputError;
}

describe('orchestrate merge', () => {
  it("commits the worker's uncommitted work and lands it on the user's branch", async () => {
    const { repo, workspace, wt } = await storedSession();
    writeFileSync(join(wt.path, 'CONTRIBUTING.md'), '# Contributing\n');
    const program = new Command().exitOverride();
    registerMerge(program);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await program.parseAsync(['merge', SESSION, '--worker', 'claude', '--workspace', workspace], {
      from: 'user',
    });
    const printed = out.mock.calls.map(([text]) => String(text)).join('');
    expect(printed).toMatch(
      new RegExp(
        `^orchestrator/${SESSION}/claude: fast-forwarded main to [0-9a-f]{12} \\(its uncommitted changes were committed`,
      ),
    );
    expect(printed).toContain('1 file:\n  CONTRIBUTING.md\n');
    expect(readFileSync(join(repo, 'CONTRIBUTING.md'), 'utf8')).toBe('# Contributing\n');
    expect(sh(repo, 'log', '-1', '--format=%an|%s')).toBe('Orchestrator|claude: add a CONTRIBUTING file');
    expect(sh(repo, 'status', '--porcelain')).toBe('');
    expect(await mergeWorker(workspace, SESSION, 'claude')).toBe(
      `main already contains orchestrator/${SESSION}/claude; nothing to merge`,
    );
  });

  it("refuses a conflicting worker, naming the file, with the user's HEAD, index and files unchanged", async () => {
    const { repo, workspace, wt } = await storedSession();
    writeFileSync(join(wt.path, 'README.md'), '# the worker’s README\n');
    writeFileSync(join(repo, 'README.md'), '# the user’s README\n');
    sh(repo, 'commit', '-qam', 'user edit');
    writeFileSync(join(repo, 'notes.txt'), 'untracked\n');
    const before = userSide(repo);
    const error = await refusal(mergeWorker(workspace, SESSION, 'claude'));
    expect(error.code).toBe('merge_refused');
    expect(error.message).toBe(
      `orchestrator/${SESSION}/claude conflicts with main in README.md; nothing was merged`,
    );
    expect(userSide(repo)).toEqual(before);
    // Only the worker's own branch moved: its work is committed there, ready for a later merge.
    expect(sh(wt.path, 'log', '-1', '--format=%an')).toBe('Orchestrator');
  });

  it('refuses a worker still running, one without a branch, and names unknown sessions and workers', async () => {
    const { workspace } = await storedSession('running');
    expect((await refusal(mergeWorker(workspace, SESSION, 'claude'))).message).toBe(
      'claude is running; merge its work once it has ended (stop it or wait)',
    );
    expect((await refusal(mergeWorker(workspace, SESSION, 'codex'))).message).toMatch(/worked in place/);
    expect((await refusal(mergeWorker(workspace, SESSION, 'gemini'))).message).toBe(
      `session ${SESSION} has no worker gemini (workers: claude, codex)`,
    );
    expect((await refusal(mergeWorker(workspace, 'nope', 'claude'))).code).toBe('not_found');
  });
});
