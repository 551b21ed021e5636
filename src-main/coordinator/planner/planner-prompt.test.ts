import { describe, expect, it } from 'vitest';
import { strengthLines } from './agent-strengths';
import { correctivePrompt, plannerPrompt } from './planner-prompt';

const input = {
  task: 'add a CONTRIBUTING file',
  agents: ['claude', 'codex', 'gemini'],
  strengths: strengthLines(['claude', 'codex', 'gemini']),
  layout: 'README.md\nsrc/\n  index.ts',
};

describe('plannerPrompt', () => {
  it('gives the task, the agents and their strengths, the layout and the plan format', () => {
    const prompt = plannerPrompt(input);
    const lines = prompt.split('\n');
    expect(lines).toContain('Task: add a CONTRIBUTING file');
    expect(lines).toContain('Enabled agents: claude, codex, gemini');
    expect(lines.filter((l) => /^- (claude|codex|gemini): /.test(l))).toHaveLength(3);
    expect(prompt).toContain('README.md\nsrc/\n  index.ts');
    expect(prompt).toContain(
      '{"assignments":[{"agent":"claude","title":"…","instructions":"…","scope":["path/…"]}',
    );
    expect(prompt).toMatch(/one assignment for each of claude, codex, gemini — each exactly once/);
    expect(prompt).toMatch(/do not create, change or delete any file/);
    // The demo agents answer a prompt with the review key as a review.
    expect(prompt).not.toContain('"verdict"');
  });

  it('opens the retry with what was wrong, on one line', () => {
    const prompt = correctivePrompt(input, 'it has no assignment\nfor gemini');
    expect(prompt.split('\n')[0]).toBe(
      'Your previous answer could not be used: it has no assignment for gemini.',
    );
    expect(prompt).toContain(plannerPrompt(input));
  });
});

describe('strengthLines', () => {
  it('describes custom agents by the format they speak', () => {
    expect(
      strengthLines(['mine', 'codex'], {
        mine: { command: 'x', args: [], env: {}, model: null, enabled: true, format: 'codex-exec-json' },
      }),
    ).toEqual([
      '- mine: a general coding agent (speaks codex-exec-json)',
      expect.stringMatching(/^- codex: Codex: /),
    ]);
  });
});
