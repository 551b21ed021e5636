import { describe, expect, it } from 'vitest';
import { denyRulesFor } from '../../security/deny-rules';
import { claudeAdapter } from './index';

const base = { prompt: 'add a CONTRIBUTING file', cwd: '/tmp/wt' };

describe('claude buildCommand', () => {
  it('work: stream-json with --verbose, acceptEdits, the deny rules, the prompt last after "--"', () => {
    expect(claudeAdapter.buildCommand({ ...base, mode: 'work' }).args).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--permission-mode',
      'acceptEdits',
      ...denyRulesFor('claude'),
      '--',
      'add a CONTRIBUTING file',
    ]);
  });

  it('work: the deny rules are one --disallowedTools flag whose values are the Bash rules, before "--"', () => {
    const { args } = claudeAdapter.buildCommand({ ...base, mode: 'work', extraArgs: ['--max-turns', '5'] });
    const at = args.indexOf('--disallowedTools');
    expect(args.filter((a) => a === '--disallowedTools')).toHaveLength(1);
    // Every value up to the next flag belongs to the variadic flag, and each is one whole Bash rule.
    const next = args.findIndex((a, i) => i > at && a.startsWith('-'));
    const rules = args.slice(at + 1, next);
    expect(rules).toEqual(expect.arrayContaining(['Bash(sudo:*)', 'Bash(mkfs:*)', 'Bash(rm -rf /*)']));
    for (const rule of rules) expect(rule).toMatch(/^Bash\([^()]+\)$/);
    expect(args.slice(next)).toEqual(['--max-turns', '5', '--', 'add a CONTRIBUTING file']);
  });

  it.each(['review', 'plan'] as const)(
    '%s is read-only: dontAsk, edit tools denied, only git reads allowed',
    (mode) => {
      const { args } = claudeAdapter.buildCommand({ ...base, mode });
      expect(args.slice(4, -2)).toEqual([
        '--permission-mode',
        'dontAsk',
        '--disallowedTools',
        'Write',
        'Edit',
        'MultiEdit',
        'NotebookEdit',
        '--allowedTools',
        'Bash(git diff:*)',
        'Bash(git log:*)',
        'Bash(git show:*)',
        'Bash(git status:*)',
      ]);
      expect(args).not.toContain('acceptEdits');
      expect(args).not.toContain('--dangerously-skip-permissions');
    },
  );

  it('model, resume, then config args, then "--" and the prompt', () => {
    const { args } = claudeAdapter.buildCommand({
      ...base,
      mode: 'work',
      model: 'sonnet',
      resumeRef: 'e7ffcb95-c534-4375-8fc7-113651e94468',
      extraArgs: ['--add-dir', '/data', '--max-turns', '5'],
    });
    expect(args.slice(6 + denyRulesFor('claude').length)).toEqual([
      '--model',
      'sonnet',
      '--resume',
      'e7ffcb95-c534-4375-8fc7-113651e94468',
      '--add-dir',
      '/data',
      '--max-turns',
      '5',
      '--',
      'add a CONTRIBUTING file',
    ]);
  });

  it('leaves model and resume out when not given, and keeps a prompt that starts with "-" a prompt', () => {
    const { args } = claudeAdapter.buildCommand({
      ...base,
      prompt: '--help me',
      mode: 'work',
      model: null,
      resumeRef: null,
    });
    expect(args).not.toContain('--model');
    expect(args).not.toContain('--resume');
    expect(args.slice(-2)).toEqual(['--', '--help me']);
  });

  it('turns off non-essential traffic, updates and telemetry, and asks for JSON startup failures', () => {
    expect(claudeAdapter.buildCommand({ ...base, mode: 'work' }).env).toEqual({
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      CLAUDE_CODE_STARTUP_FAILURE_RESULTS: '1',
    });
  });

  it('describes the claude stream format', () => {
    expect([claudeAdapter.name, claudeAdapter.format, claudeAdapter.defaultCommand]).toEqual([
      'claude',
      'claude-stream-json',
      'claude',
    ]);
  });
});
