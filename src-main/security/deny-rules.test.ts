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

  it('are in every claude worker\'s command, before the config\'s args and the "--" that ends the options', () => {
    const { args } = buildClaudeCommand({
      prompt: 'do it',
      cwd: '/w',
      mode: 'work',
      extraArgs: ['--model', 'x'],
    });
    const dash = args.indexOf('--');
    const deny = args.indexOf('--disallowedTools');
    expect(deny).toBeGreaterThan(-1);
    expect(args.slice(deny, deny + denyRulesFor('claude').length)).toEqual(denyRulesFor('claude'));
    expect(deny).toBeLessThan(args.indexOf('--model'));
    expect(args.indexOf('--model')).toBeLessThan(dash);
    expect(args.at(-1)).toBe('do it');
  });
});
