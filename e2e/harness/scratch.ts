import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const git = (cwd: string, ...args: string[]): void => {
  execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@orchestrator.invalid', ...args], {
    cwd,
    stdio: 'ignore',
  });
};

/** A throwaway folder for one test: its app data and its repository, removed afterwards. */
export class Scratch {
  readonly root = mkdtempSync(join(tmpdir(), 'orchestrator-e2e-'));
  readonly appData = join(this.root, 'app-data');

  /** Where the app keeps sessions: userData ("Orchestrator") + /sessions. */
  get workspace(): string {
    return join(this.appData, 'Orchestrator', 'sessions');
  }

  sessionFolders(): string[] {
    return existsSync(this.workspace) ? readdirSync(this.workspace) : [];
  }

  /** A git repository with one commit, so every agent can get its own worktree. */
  makeRepo(): string {
    const repo = join(this.root, 'repo');
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, 'README.md'), '# scratch project\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'initial commit');
    return repo;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
