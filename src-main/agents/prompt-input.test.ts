import { describe, expect, it } from 'vitest';
import { adapterArgs, relaunchArgs, type LaunchContext } from '../coordinator/launch-command';
import { argLayout } from '../recovery/argv';
import { buildClaudeCommand } from './claude/command';
import { claudeAdapter } from './claude';
import { buildCodexCommand } from './codex/command';
import { codexAdapter } from './codex';
import { buildGeminiCommand, STDIN_PROMPT_POINTER } from './gemini/command';
import { geminiAdapter } from './gemini';
import { STDIN_PROMPT_BYTES } from './prompt-input';
import type { AgentAdapter } from './types';

// 6,000 characters but 18,000 bytes: the byte size, not the length, decides.
const long = '検'.repeat(6_000);
const base = { cwd: '/repo/wt', mode: 'work' as const };
const argvBytes = (args: readonly string[]) => args.reduce((n, a) => n + Buffer.byteLength(a), 0);

describe('a prompt too long for the argument list', () => {
  it('goes on stdin for each CLI, in the way that CLI reads it there', () => {
    expect(Buffer.byteLength(long)).toBeGreaterThan(STDIN_PROMPT_BYTES);
    const claude = buildClaudeCommand({ ...base, prompt: long });
    expect(claude.stdin).toBe(long);
    // -p with no prompt argument reads stdin: nothing after the flags, no "--".
    expect(claude.args).not.toContain('--');
    const codex = buildCodexCommand({ ...base, prompt: long, resumeRef: 'thread-1' });
    expect(codex.stdin).toBe(long);
    expect(codex.args.slice(-3)).toEqual(['resume', 'thread-1', '-']);
    const gemini = buildGeminiCommand({ ...base, prompt: long });
    expect(gemini.stdin).toBe(long);
    expect(gemini.args.slice(-2)).toEqual(['-p', STDIN_PROMPT_POINTER]);
    for (const spec of [claude, codex, gemini]) expect(argvBytes(spec.args)).toBeLessThan(2_000);
  });

  it('stays in the argument list when short, with no stdin', () => {
    for (const build of [buildClaudeCommand, buildCodexCommand, buildGeminiCommand]) {
      const spec = build({ ...base, prompt: 'add a file' });
      expect(spec.stdin).toBeUndefined();
      expect(spec.args.at(-1)).toBe('add a file');
    }
  });

  it.each<[AgentAdapter]>([[claudeAdapter], [codexAdapter], [geminiAdapter]])(
    'a long answer resumes %s with the answer on stdin, and a short one takes the argv back',
    (adapter) => {
      const context: LaunchContext = { adapter, config: undefined, demo: false, pathEnv: '', ...base };
      const first = adapterArgs(context, 'short task', null).args;
      const answered = relaunchArgs(context, first, 'sess-1', long);
      expect(answered.stdin).toBe(long);
      expect(answered.args).not.toContain('short task');
      expect(answered.args.join(' ')).toContain('sess-1');
      const again = relaunchArgs(context, answered.args, 'sess-1', 'go on');
      expect(again.stdin).toBeUndefined();
      expect(again.args.slice(argLayout(adapter.format, again.args).promptAt)).toContain('go on');
      expect(again.args).not.toContain(STDIN_PROMPT_POINTER);
    },
  );
});
