import { describe, expect, it } from 'vitest';
import { buildClaudeCommand } from '../agents/claude/command';
import { denyRulesFor } from './deny-rules';

describe('denyRulesFor', () => {
  it('gives claude one --disallowedTools flag with Bash rules', () => {
    const [flag, ...rules] = denyRulesFor('claude');
    expect(flag).toBe('--disallowedTools');
    expect(rules).toContain('Bash(sudo:*)');
    expect(rules).toContain('Bash(mkfs:*)');
    expect(rules).toContain('Bash(dd:*)');
    expect(rules).toContain('Bash(rm -rf /*)');
    for (const rule of rules) expect(rule).toMatch(/^Bash\([^()]+\)$/);
  });

  it('gives codex, gemini and custom agents nothing', () => {
    expect(denyRulesFor('codex')).toEqual([]);
    expect(denyRulesFor('gemini')).toEqual([]);
    expect(denyRulesFor('mine')).toEqual([]);
  });

  it('lands before the "--" that ends claude options when passed as extra args', () => {
    const { args } = buildClaudeCommand({
      prompt: 'do it',
      cwd: '/w',
      mode: 'work',
      extraArgs: [...denyRulesFor('claude'), '--model', 'x'],
    });
    const dash = args.indexOf('--');
    expect(args.indexOf('--disallowedTools')).toBeLessThan(dash);
    expect(args.indexOf('Bash(sudo:*)')).toBeLessThan(dash);
    expect(args.at(-1)).toBe('do it');
  });
});
