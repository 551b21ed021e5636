import { execa } from 'execa';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TASK_LENGTH } from '../src-main/coordinator/validate-request';
import { gitOut, scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

// `orchestrate run --task-file PATH|-`: a task too long for one argument (over 128 KiB of UTF-8) read from a
// file or stdin, under the same rules as a task given inline.

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const { temp, tempDir } = tempDirs();

const repo = (): string => {
  const dir = scratchRepo();
  temp.push(dir);
  return dir;
};

const orchestrate = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  execa(tsx, [entry, ...args], {
    cwd: root,
    reject: false,
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    env: { ORCHESTRATOR_DEMO_DELAY_MS: '0', ...options.env },
  });

/** A demo session is several processes: slow on a loaded machine. */
const SESSION_TIMEOUT = 240_000;

// 100,000 characters, over 250,000 UTF-8 bytes: twice what one argument may hold.
const LONG_TASK = `Task: write the long brief\n${'Überprüfe die Größe 検証 🚀 '.repeat(10_000)}`
  .slice(0, MAX_TASK_LENGTH)
  .trim();

function expectRefused(result: { exitCode?: number; stderr: unknown; stdout: unknown }, message: RegExp) {
  expect(result.exitCode).toBe(2);
  const stderr = String(result.stderr).trim();
  expect(stderr).toMatch(message);
  expect(stderr.split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(String(result.stdout)).toBe('');
}

/** The prompts the demo agents received, by agent. */
function promptsReceived(copies: string): Array<{ agent: string; prompt: string }> {
  return readdirSync(copies).map((name) => ({
    agent: name.split('-')[0]!,
    prompt: readFileSync(join(copies, name), 'utf8'),
  }));
}

async function runLongTask(source: 'file' | 'stdin') {
  const dir = repo();
  const ws = tempDir('orchestrator-ws-');
  const copies = tempDir('orchestrator-prompts-');
  const file = join(tempDir('orchestrator-task-'), 'task.txt');
  writeFileSync(file, `${LONG_TASK}\n`);
  const result = await orchestrate(
    ['run', '--task-file', source === 'file' ? file : '-', '--repo', dir, '--demo', '--workspace', ws].concat(
      ['--plan', 'template', '--no-review'],
    ),
    {
      env: { ORCHESTRATOR_DEMO_PROMPT_COPY: copies },
      ...(source === 'stdin' ? { input: `${LONG_TASK}\n` } : {}),
    },
  );
  expect(String(result.stderr)).not.toMatch(/E2BIG|could not be started/);
  expect(result.exitCode).toBe(0);
  const whole = promptsReceived(copies).filter((r) => r.prompt.includes(LONG_TASK));
  // Each of the three workers got a prompt holding the task byte for byte.
  expect(whole.map((r) => r.agent).sort()).toEqual(['claude', 'codex', 'gemini']);
  // The session records the task as read, whole.
  const [session] = readdirSync(ws);
  const stored = JSON.parse(readFileSync(join(ws, session!, 'session.json'), 'utf8')) as { task: string };
  expect(stored.task).toBe(LONG_TASK);
}

describe('orchestrate run --task-file', () => {
  it(
    'reads a 100,000-character multi-byte task from a file and every worker gets all of it',
    () => runLongTask('file'),
    SESSION_TIMEOUT,
  );

  it(
    'reads the task from stdin with --task-file - and every worker gets all of it',
    () => runLongTask('stdin'),
    SESSION_TIMEOUT,
  );
});

describe('orchestrate run refuses a bad task file before anything starts', () => {
  const refusedWith = async (args: string[], message: RegExp, input?: string) => {
    const dir = repo();
    const ws = tempDir('orchestrator-ws-');
    const result = await orchestrate(
      ['run', ...args, '--repo', dir, '--demo', '--workspace', ws],
      input !== undefined ? { input } : {},
    );
    expectRefused(result, message);
    expect(readdirSync(ws)).toEqual([]);
    expect(gitOut(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  };
  const fileWith = (content: string | Buffer): string => {
    const file = join(tempDir('orchestrator-task-'), 'task.txt');
    writeFileSync(file, content);
    return file;
  };

  it('a task over the limit, from a file or stdin, in one message', async () => {
    const over = 'x'.repeat(MAX_TASK_LENGTH + 1);
    await refusedWith(
      ['--task-file', fileWith(over)],
      /the task is too long \(100001 characters; at most 100000\)/,
    );
    await refusedWith(
      ['--task-file', '-'],
      /the task is too long \(100001 characters; at most 100000\)/,
      over,
    );
  });

  it('a file far over the limit is refused without being read whole', async () => {
    const huge = fileWith(Buffer.alloc(4 * MAX_TASK_LENGTH + 10, 'a'));
    await refusedWith(
      ['--task-file', huge],
      /the task is too long \(more than 400000 bytes; at most 100000 characters\)/,
    );
  });

  it('an empty task, a NUL, text that is not UTF-8', async () => {
    await refusedWith(['--task-file', fileWith('  \n\n')], /the task is empty/);
    await refusedWith(['--task-file', '-'], /the task is empty/, '');
    await refusedWith(['--task-file', fileWith('add a file\0 now')], /the task .*NUL/);
    await refusedWith(
      ['--task-file', fileWith(Buffer.from([0x61, 0xff, 0xfe, 0x62]))],
      /task file .*task\.txt is not UTF-8 text/,
    );
  });

  it('a file that is missing or a folder', async () => {
    await refusedWith(
      ['--task-file', join(tmpdir(), 'no-such-task-file.txt')],
      /task file not found: .*no-such-task-file\.txt/,
    );
    await refusedWith(['--task-file', tempDir('orchestrator-task-')], /task file .* is not a file/);
  });

  it('both a task and a task file, or neither', async () => {
    await refusedWith(
      ['add a file', '--task-file', fileWith('add a file')],
      /give the task either as an argument or with --task-file, not both/,
    );
    await refusedWith([], /no task given: pass "<task>" or --task-file FILE/);
  });
});
