import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildClaudeCommand } from '../agents/claude/command';
import { codexAdapter } from '../agents/codex';
import { geminiAdapter } from '../agents/gemini';
import { prepareLaunchArgs } from './prepare-launch';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-prepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = { prompt: 'do it', cwd: dir, mode: 'work' as const };

describe('prepareLaunchArgs', () => {
  it('adds --skip-git-repo-check for codex outside git, before the prompt, and only then', () => {
    const args = codexAdapter.buildCommand(base).args;
    const outside = prepareLaunchArgs(args, { format: 'codex-exec-json', cwd: dir, inGitRepo: false });
    expect(outside.args.at(-1)).toBe('do it');
    expect(outside.args.indexOf('--skip-git-repo-check')).toBeLessThan(outside.args.length - 1);
    expect(outside.changes).toEqual([
      'added --skip-git-repo-check: the worker runs outside a git repository',
    ]);
    expect(prepareLaunchArgs(args, { format: 'codex-exec-json', cwd: dir, inGitRepo: true })).toEqual({
      args,
      changes: [],
    });
  });

  it('drops extra directories that do not exist, keeping the ones that do', () => {
    const gemini = geminiAdapter.buildCommand({
      ...base,
      extraArgs: ['--include-directories', `${dir},/nonexistent/x`],
    }).args;
    const prepared = prepareLaunchArgs(gemini, { format: 'gemini-stream-json', cwd: dir, inGitRepo: true });
    expect(prepared.args).toContain(dir);
    expect(prepared.args.join(' ')).not.toContain('/nonexistent/x');
    expect(prepared.args.slice(-2)).toEqual(['-p', 'do it']);
    expect(prepared.changes).toEqual([
      'dropped --include-directories /nonexistent/x: the directory does not exist',
    ]);

    const claude = buildClaudeCommand({ ...base, extraArgs: ['--add-dir', '/nonexistent/y'] }).args;
    const preparedClaude = prepareLaunchArgs(claude, {
      format: 'claude-stream-json',
      cwd: dir,
      inGitRepo: true,
    });
    expect(preparedClaude.args).not.toContain('--add-dir');
    expect(preparedClaude.args.slice(-2)).toEqual(['--', 'do it']);
  });
});
