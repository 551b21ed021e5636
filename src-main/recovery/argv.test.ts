import { describe, expect, it } from 'vitest';
import { argLayout, insertFlags, removeFlags, sameOptions, scanArgs } from './argv';

const CLAUDE = 'claude-stream-json';
const CODEX = 'codex-exec-json';
const GEMINI = 'gemini-stream-json';

describe('removeFlags', () => {
  it('takes a flag’s value along, in both spellings', () => {
    const args = ['-o', 'stream-json', '--approval-mode', 'yolo', '--skip-trust', '-p', 'task'];
    expect(removeFlags(GEMINI, args, ['--approval-mode'])).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '-p',
      'task',
    ]);
    const eq = ['-o', 'stream-json', '--approval-mode=yolo', '-p', 'task'];
    expect(removeFlags(GEMINI, eq, ['--approval-mode'])).toEqual(['-o', 'stream-json', '-p', 'task']);
  });

  it('removes switches alone and claude’s --permission-mode with its mode', () => {
    const args = [
      '-p',
      '--verbose',
      '--permission-mode',
      'bypassPermissions',
      '--dangerously-skip-permissions',
      '--',
      'x',
    ];
    expect(removeFlags(CLAUDE, args, ['--dangerously-skip-permissions', '--permission-mode'])).toEqual([
      '-p',
      '--verbose',
      '--',
      'x',
    ]);
  });

  it('takes every value of a variadic flag, up to the next flag or --', () => {
    const args = [
      '-p',
      '--allowedTools',
      'Bash(git diff:*)',
      'Read',
      '--verbose',
      '--add-dir',
      '/a',
      '/b',
      '--',
      'task',
    ];
    expect(removeFlags(CLAUDE, args, ['--allowedTools', '--add-dir'])).toEqual([
      '-p',
      '--verbose',
      '--',
      'task',
    ]);
  });

  it('removes every occurrence, and codex’s `resume <id>` as one unit', () => {
    const args = ['exec', '-c', 'a=1', '--json', '-c', 'b=2', 'resume', 'abc', 'task'];
    expect(removeFlags(CODEX, args, ['-c'])).toEqual(['exec', '--json', 'resume', 'abc', 'task']);
    expect(removeFlags(CODEX, args, ['resume'])).toEqual([
      'exec',
      '-c',
      'a=1',
      '--json',
      '-c',
      'b=2',
      'task',
    ]);
  });

  it('never touches the prompt, even when it reads like a flag', () => {
    expect(removeFlags(CLAUDE, ['-p', '--verbose', '--', '--verbose'], ['--verbose'])).toEqual([
      '-p',
      '--',
      '--verbose',
    ]);
    expect(removeFlags(GEMINI, ['--yolo', '-p', '--yolo'], ['--yolo'])).toEqual(['-p', '--yolo']);
    expect(removeFlags(GEMINI, ['--yolo', '--prompt=--yolo'], ['--yolo'])).toEqual(['--prompt=--yolo']);
    expect(removeFlags(CODEX, ['exec', '--json', '--', '--json'], ['--json'])).toEqual([
      'exec',
      '--',
      '--json',
    ]);
  });
});

describe('insertFlags: before the prompt, per adapter layout', () => {
  it('claude: before `--`', () => {
    expect(insertFlags(CLAUDE, ['-p', '--verbose', '--', 'task'], ['--add-dir', '/x'])).toEqual([
      '-p',
      '--verbose',
      '--add-dir',
      '/x',
      '--',
      'task',
    ]);
  });

  it('codex: before the prompt, and before `resume <id>`, which takes few flags of its own', () => {
    expect(insertFlags(CODEX, ['exec', '--json', 'task'], ['--skip-git-repo-check'])).toEqual([
      'exec',
      '--json',
      '--skip-git-repo-check',
      'task',
    ]);
    expect(
      insertFlags(CODEX, ['exec', '--json', 'resume', 'abc', 'task'], ['--skip-git-repo-check']),
    ).toEqual(['exec', '--json', '--skip-git-repo-check', 'resume', 'abc', 'task']);
    expect(insertFlags(CODEX, ['exec', '--json', '--', '-task'], ['-m', 'gpt'])).toEqual([
      'exec',
      '--json',
      '-m',
      'gpt',
      '--',
      '-task',
    ]);
  });

  it('codex: an added `resume <id>` goes after the flags, right before the prompt', () => {
    expect(
      insertFlags(CODEX, ['exec', '--json', 'task'], ['--skip-git-repo-check', 'resume', 'abc']),
    ).toEqual(['exec', '--json', '--skip-git-repo-check', 'resume', 'abc', 'task']);
  });

  it('codex: with no prompt (read from stdin) flags go last, never before `exec`', () => {
    expect(insertFlags(CODEX, ['exec', '--json', '-m', 'gpt'], ['--skip-git-repo-check'])).toEqual([
      'exec',
      '--json',
      '-m',
      'gpt',
      '--skip-git-repo-check',
    ]);
  });

  it('gemini: before `-p <prompt>` or `--prompt=…`', () => {
    expect(insertFlags(GEMINI, ['-o', 'stream-json', '-p', 'task'], ['--skip-trust'])).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '-p',
      'task',
    ]);
    expect(insertFlags(GEMINI, ['-o', 'stream-json', '--prompt=-task'], ['--skip-trust'])).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '--prompt=-task',
    ]);
  });
});

describe('argument scanning', () => {
  it('does not take a prompt named like an Object member for a flag', () => {
    const groups = scanArgs(CLAUDE, ['-p', '--', 'constructor']);
    expect(groups.map((g) => g.flag)).toEqual(['-p', '--']);
    expect(argLayout(CODEX, ['exec', 'constructor']).promptAt).toBe(1);
  });

  it('compares options regardless of order and repeats, but not the prompt', () => {
    expect(
      sameOptions(
        GEMINI,
        ['--skip-trust', '-o', 'json', '-p', 't'],
        ['-o', 'json', '--skip-trust', '-p', 't'],
      ),
    ).toBe(true);
    expect(
      sameOptions(GEMINI, ['--skip-trust', '-p', 't'], ['--skip-trust', '--skip-trust', '-p', 't']),
    ).toBe(true);
    expect(sameOptions(GEMINI, ['--skip-trust', '-p', 't'], ['-p', 't'])).toBe(false);
    expect(sameOptions(GEMINI, ['-p', 't'], ['-p', 'u'])).toBe(false);
  });
});
