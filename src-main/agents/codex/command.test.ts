import { describe, expect, it } from 'vitest';
import { buildCodexCommand } from './command';
import { codexAdapter } from './index';

const base = { prompt: 'add a CONTRIBUTING file', cwd: '/repo/wt-codex' };
const quiet = ['-c', 'analytics.enabled=false', '--disable', 'plugins'];

describe('buildCodexCommand', () => {
  it('lets a work run write inside its worktree only', () => {
    expect(buildCodexCommand({ ...base, mode: 'work' }).args).toEqual([
      'exec',
      '--json',
      '--sandbox',
      'workspace-write',
      '-C',
      '/repo/wt-codex',
      ...quiet,
      'add a CONTRIBUTING file',
    ]);
  });

  it.each(['review', 'plan'] as const)('keeps a %s run read-only', (mode) => {
    const { args } = buildCodexCommand({ ...base, mode });
    expect(args.slice(0, 6)).toEqual(['exec', '--json', '--sandbox', 'read-only', '-C', '/repo/wt-codex']);
    expect(args).not.toContain('workspace-write');
  });

  it('does not skip the git check by default: recovery adds the flag when codex asks for it', () => {
    expect(buildCodexCommand({ ...base, mode: 'work' }).args).not.toContain('--skip-git-repo-check');
  });

  it('puts the model and the config args after its own flags and before the prompt', () => {
    const { args } = buildCodexCommand({
      ...base,
      mode: 'work',
      model: 'gpt-5.5',
      extraArgs: ['--skip-git-repo-check', '-c', 'model_provider=mock'],
    });
    expect(args.slice(6)).toEqual([
      ...quiet,
      '-m',
      'gpt-5.5',
      '--skip-git-repo-check',
      '-c',
      'model_provider=mock',
      'add a CONTRIBUTING file',
    ]);
  });

  it('resumes with `resume <id> <prompt>` after the exec flags and without -C, which resume rejects', () => {
    const { args } = buildCodexCommand({
      ...base,
      mode: 'work',
      model: 'gpt-5.5',
      resumeRef: '01a21353-367a-77d1-89eb-33af35f6f484',
      extraArgs: ['--skip-git-repo-check'],
    });
    expect(args).toEqual([
      'exec',
      '--json',
      '--sandbox',
      'workspace-write',
      ...quiet,
      '-m',
      'gpt-5.5',
      '--skip-git-repo-check',
      'resume',
      '01a21353-367a-77d1-89eb-33af35f6f484',
      'add a CONTRIBUTING file',
    ]);
  });

  it('keeps a prompt that starts with "-" from being read as a flag', () => {
    expect(buildCodexCommand({ ...base, mode: 'work', prompt: '--fix the build' }).args.slice(-2)).toEqual([
      '--',
      '--fix the build',
    ]);
  });

  it('turns off Rust backtraces and colours, and hands out its own env object', () => {
    const first = buildCodexCommand({ ...base, mode: 'work' });
    expect(first.env).toEqual({ RUST_BACKTRACE: '0', RUST_LIB_BACKTRACE: '0', NO_COLOR: '1' });
    first.env.EXTRA = '1';
    expect(buildCodexCommand({ ...base, mode: 'work' }).env).not.toHaveProperty('EXTRA');
  });
});

describe('codexAdapter', () => {
  it('names the codex CLI and its stream format and makes a fresh parser per run', () => {
    expect([codexAdapter.name, codexAdapter.format, codexAdapter.defaultCommand]).toEqual([
      'codex',
      'codex-exec-json',
      'codex',
    ]);
    const first = codexAdapter.createParser();
    first.push('{"type":"turn.started"}', 1);
    first.push('{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"one"}}', 2);
    const second = codexAdapter.createParser();
    expect(
      second.push('{"type":"turn.completed","usage":{}}', 1).find((e) => e.type === 'result')?.payload,
    ).toEqual({
      ok: true,
    });
  });
});
