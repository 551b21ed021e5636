import { describe, expect, it } from 'vitest';
import type { WorktreeDiff } from '../workspace/worktree-diff';
import { buildRetryPrompt, buildReviewPrompt, capPatch } from './review-prompt';

const assignment = {
  agent: 'claude',
  title: 'Implement the limiter',
  instructions: 'Write src/limiter.ts.',
  scope: ['src/'],
};

const patch = [
  'diff --git a/src/limiter.ts b/src/limiter.ts',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/src/limiter.ts',
  '@@ -0,0 +1,2 @@',
  '+export const limit = 10;',
  '+export const burst = 20;',
  '',
].join('\n');

const diff: WorktreeDiff = {
  base: 'abc123',
  patch,
  files: [
    { path: 'src/limiter.ts', added: 2, deleted: 0, binary: false },
    { path: 'logo.png', added: 0, deleted: 0, binary: true },
  ],
};

describe('buildReviewPrompt', () => {
  it('holds the task, the assignment, the file list, the diff and the verdict instructions', () => {
    const prompt = buildReviewPrompt({ task: 'Add a rate limiter', target: 'claude', assignment, diff });
    expect(prompt).toContain('Task: Add a rate limiter');
    expect(prompt).toContain("claude's assignment: Implement the limiter");
    expect(prompt).toContain('Scope: src/');
    expect(prompt).toContain('git diff abc123');
    expect(prompt).toContain('- src/limiter.ts (+2 -0)');
    expect(prompt).toContain('- logo.png (binary)');
    expect(prompt).toContain('+export const burst = 20;');
    expect(prompt).toContain('"verdict"');
    expect(prompt).toContain('"verdict":"approve|concern|blocker"');
    expect(prompt).toMatch(/read-only/);
    expect(prompt).toMatch(/- "blocker": /);
    expect(prompt).not.toMatch(/truncated/);
  });

  it('truncates a patch over the cap, says so, and still lists every file', () => {
    const bigPatch = Array.from({ length: 2000 }, (_, i) => `+line ${i} of a big change`).join('\n');
    const prompt = buildReviewPrompt({
      task: 't',
      target: 'codex',
      assignment: null,
      diff: { ...diff, patch: bigPatch },
      maxPatchBytes: 1000,
    });
    expect(prompt).toContain('+line 0 of a big change');
    expect(prompt).not.toContain('+line 1999 of a big change');
    expect(prompt).toMatch(/the patch was truncated to its first \d+ of \d+ characters/);
    expect(prompt).toContain('- src/limiter.ts (+2 -0)');
    expect(prompt).toContain('- logo.png (binary)');
    expect(prompt).toContain('"verdict"');
  });

  it('says why there is no diff, and when the diff is empty', () => {
    const none = buildReviewPrompt({
      task: 't',
      target: 'gemini',
      assignment: null,
      diff: null,
      noDiffReason: 'the project is not a git repository',
    });
    expect(none).toContain('No diff is available (the project is not a git repository)');
    expect(none).toContain('"verdict"');
    const empty = buildReviewPrompt({
      task: 't',
      target: 'gemini',
      assignment,
      diff: { ...diff, files: [], patch: '' },
    });
    expect(empty).toContain('nothing changed yet');
  });

  it('fences a patch that itself contains code fences with a longer fence', () => {
    const markdown = '+```ts\n+const a = 1;\n+```\n';
    const prompt = buildReviewPrompt({
      task: 't',
      target: 'claude',
      assignment,
      diff: { ...diff, patch: markdown },
    });
    expect(prompt).toContain('````diff\n+```ts');
  });
});

describe('capPatch', () => {
  it('cuts at a line boundary and never splits a multi-byte character', () => {
    const text = 'é'.repeat(10) + '\n' + 'ü'.repeat(10) + '\n';
    const { text: cut, truncated } = capPatch(text, 25);
    expect(truncated).toBe(true);
    expect(cut).toBe('é'.repeat(10));
    expect(capPatch('a\nb\n', 100)).toEqual({ text: 'a\nb', truncated: false });
  });
});

describe('buildRetryPrompt', () => {
  it('says what went wrong and repeats the whole review prompt', () => {
    const original = buildReviewPrompt({ task: 't', target: 'claude', assignment, diff });
    const retry = buildRetryPrompt(original, 'its answer held no JSON object with "verdict"');
    expect(retry).toMatch(/^Your previous review did not end with a valid verdict JSON object/);
    expect(retry).toContain(original);
    expect(retry).toContain('"verdict"');
  });
});
