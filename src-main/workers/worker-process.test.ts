import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import type { Event, EventDraft } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { describeEvent } from '../../src-shared/state/describe-event';
import { geminiAdapter } from '../agents/gemini';
import type { LineParser } from '../agents/types';
import { createRedactor } from '../security/redact';
import { SessionFolder } from '../store/session-folder';
import { isAlive, PROCESS_TABLES, useProcessTable, waitFor } from '../../test/proc';
// @ts-expect-error -- a plain .mjs fixture without types; only its generator and constants are used.
import { longLine, NEXT_LINE } from '../../test/fixtures/processes/long-line.mjs';
import { WorkerProcess } from './worker-process';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) =>
  join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'processes', name);

/** Records what it is fed; every line becomes one raw event. */
class RecordingParser implements LineParser {
  readonly seen: Array<[string, number]> = [];
  ended = false;
  push(line: string, lineNo: number): EventDraft[] {
    this.seen.push([line, lineNo]);
    return [draft('raw', { line, reason: 'unknown' }, { from: lineNo, to: lineNo })];
  }
  end(): EventDraft[] {
    this.ended = true;
    return [];
  }
}

function setup(name: string) {
  const folder = SessionFolder.create(join(dir, name));
  const parser = new RecordingParser();
  const emitted: EventDraft[] = [];
  return {
    folder,
    parser,
    emitted,
    sinks: { files: folder.workerFiles('w'), parser, emit: (d: EventDraft) => emitted.push(d) },
  };
}

describe('WorkerProcess', () => {
  it('keeps every stdout line raw first, parses it, and reports the exit', async () => {
    const { folder, parser, emitted, sinks } = setup('chatty');
    const worker = new WorkerProcess(
      { command: process.execPath, args: [fixture('chatty.mjs')], cwd: dir, env: {} },
      sinks,
    );
    expect(worker.start()).toBeGreaterThan(0);
    const exit = await worker.exited;
    folder.close();
    expect(exit).toMatchObject({ exitCode: 3, signal: null, spawnError: null });
    expect(parser.seen).toEqual([
      ['{"type":"one"}', 1],
      ['{"type":"two"}', 2],
      ['{"type":"three"}', 3],
      ['{"type":"torn"', 4],
    ]);
    expect(parser.ended).toBe(true);
    expect(emitted).toHaveLength(4);
    const raw = readFileSync(join(folder.path, 'workers', 'w', 'raw.jsonl'), 'utf8');
    expect(raw).toBe('{"type":"one"}\n{"type":"two"}\n{"type":"three"}\n{"type":"torn"\n');
    expect(readFileSync(join(folder.path, 'workers', 'w', 'stderr.log'), 'utf8')).toBe(
      'warning: something on stderr\n',
    );
    expect(worker.stderrTail).toEqual(['warning: something on stderr']);
  });

  it('writes a long multi-byte prompt to stdin and closes it, so the CLI reads it whole and ends', async () => {
    const { folder, parser, sinks } = setup('stdin-prompt');
    // 100,000 characters, 250,000 bytes: far over the 128 KiB one argument may take (E2BIG).
    const prompt = 'é€'.repeat(25_000) + 'x'.repeat(50_000);
    const echo =
      "let b=[];process.stdin.on('data',c=>b.push(c)).on('end',()=>{const t=Buffer.concat(b).toString('utf8');" +
      "console.log(JSON.stringify({chars:t.length,sha:require('crypto').createHash('sha256').update(t).digest('hex')}))})";
    const worker = new WorkerProcess(
      { command: process.execPath, args: ['-e', echo], cwd: dir, env: {}, input: prompt },
      sinks,
    );
    expect(worker.start()).toBeGreaterThan(0);
    const exit = await worker.exited;
    folder.close();
    expect(exit).toMatchObject({ exitCode: 0, spawnError: null });
    const sha = createHash('sha256').update(prompt).digest('hex');
    expect(parser.seen.map(([line]) => JSON.parse(line))).toEqual([{ chars: 100_000, sha }]);
  });

  it('counts output as activity while a line is still unfinished (a slow huge tool result is not idleness)', async () => {
    const { folder, parser, sinks } = setup('slow-line');
    const script =
      "let n = 0; const t = setInterval(() => { process.stdout.write('x'.repeat(1000)); if (++n === 8) { clearInterval(t); process.stdout.write('\\n'); } }, 50);";
    const activity: number[] = [];
    const worker = new WorkerProcess(
      { command: process.execPath, args: ['-e', script], cwd: dir, env: {} },
      { ...sinks, onActivity: () => activity.push(Date.now()) },
    );
    worker.start();
    await worker.exited;
    folder.close();
    expect(parser.seen).toEqual([['x'.repeat(8000), 1]]);
    // One line, but activity all along its 400 ms: never a gap near the length of the whole line.
    expect(activity.length).toBeGreaterThanOrEqual(4);
    const gaps = activity.slice(1).map((t, i) => t - activity[i]!);
    expect(Math.max(...gaps)).toBeLessThan(250);
  });

  it('stores a last line torn inside a multi-byte character byte-exact in raw.jsonl', async () => {
    const { folder, parser, sinks } = setup('torn-utf8');
    // A whole line, then a line cut after the first two of the three bytes of '€' (e2 82 ac), and exit.
    const script = 'process.stdout.write(Buffer.from([0x6f, 0x6b, 0x0a, 0x61, 0xe2, 0x82]));';
    const worker = new WorkerProcess(
      { command: process.execPath, args: ['-e', script], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    await worker.exited;
    folder.close();
    const raw = readFileSync(join(folder.path, 'workers', 'w', 'raw.jsonl'));
    expect(raw.toString('hex')).toBe(Buffer.from([0x6f, 0x6b, 0x0a, 0x61, 0xe2, 0x82, 0x0a]).toString('hex'));
    // The parser still gets text: the torn character decodes as U+FFFD there, not on disk.
    expect(parser.seen).toEqual([
      ['ok', 1],
      ['a\ufffd', 2],
    ]);
  });

  it('reports a missing executable as a spawn error instead of hanging', async () => {
    const { folder, sinks } = setup('missing');
    const worker = new WorkerProcess(
      { command: 'definitely-not-an-agent-cli', args: [], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    const exit = await worker.exited;
    folder.close();
    expect(exit.spawnError).toMatch(/ENOENT|not found/);
  });
});

describe.each(PROCESS_TABLES)('stopping a WorkerProcess, %s process table', (table) => {
  useProcessTable(table);

  it('reports an argument or variable the OS cannot take (a NUL) as a spawn error, never a throw', async () => {
    const launches: Array<{ args: string[]; env: Record<string, string> }> = [
      { args: ['-e', 'x\u0000y'], env: {} },
      { args: ['-e', ''], env: { BAD: 'x\u0000y' } },
    ];
    for (const launch of launches) {
      const { folder, sinks } = setup('nul');
      const worker = new WorkerProcess({ command: process.execPath, cwd: dir, ...launch }, sinks);
      expect(worker.start()).toBeNull();
      const exit = await worker.exited;
      folder.close();
      expect(exit).toMatchObject({ exitCode: null, signal: null });
      expect(exit.spawnError).toMatch(/null bytes|\\0/);
    }
  });

  it('stop kills the whole group: a SIGTERM-ignoring child and its grandchild leave no survivor', async () => {
    const { folder, parser, sinks } = setup(`forks-${table}`);
    const worker = new WorkerProcess(
      { command: process.execPath, args: [fixture('forks-grandchild.mjs')], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    await waitFor(() => parser.seen.length > 0);
    const { pid, grandchild } = JSON.parse(parser.seen[0]![0]) as { pid: number; grandchild: number };
    expect(isAlive(pid)).toBe(true);
    expect(isAlive(grandchild)).toBe(true);
    const exit = await worker.stop(300);
    folder.close();
    expect(exit.signal).toBe('SIGKILL');
    await waitFor(() => !isAlive(pid) && !isAlive(grandchild));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('keeps the held fragments of a streamed message, masked, when the CLI is killed mid-message', async () => {
    const folder = SessionFolder.create(join(dir, `killed-mid-message-${table}`));
    const emitted: EventDraft[] = [];
    const key = `sk-ant-api03-${'Qz7xK2'.repeat(12)}AA`;
    const fragment = (content: string) =>
      JSON.stringify({ type: 'message', role: 'assistant', content, delta: true });
    // gemini's stream: init, then a message in fragments, a key split across two; then it hangs mid-message.
    const out = [
      JSON.stringify({ type: 'init', session_id: 'killed-1', model: 'gemini-test' }),
      fragment('First part of the answer, '),
      fragment(`the key is ${key.slice(0, 30)}`),
      fragment(`${key.slice(30)} and the last words`),
    ];
    const script = `process.stdout.write(${JSON.stringify(`${out.join('\n')}\n`)}); setInterval(() => {}, 1000);`;
    const worker = new WorkerProcess(
      { command: process.execPath, args: ['-e', script], cwd: dir, env: {} },
      {
        files: folder.workerFiles('w'),
        parser: geminiAdapter.createParser(),
        redact: createRedactor([]),
        emit: (d: EventDraft) => emitted.push(d),
      },
    );
    worker.start();
    await waitFor(() => emitted.some((d) => d.type === 'session_ref' || d.type === 'worker_started'), 10_000);
    const exit = await worker.stop(300);
    folder.close();
    expect(exit.signal).toBe('SIGTERM');
    const raw = readFileSync(join(folder.path, 'workers', 'w', 'raw.jsonl'), 'utf8')
      .trimEnd()
      .split('\n');
    // One stored line per line the CLI wrote, the message's text in the first fragment, masked.
    expect(raw).toHaveLength(4);
    const stored = raw
      .slice(1)
      .map((l) => (JSON.parse(l) as { content: string }).content)
      .join('');
    expect(stored).toBe('First part of the answer, the key is [REDACTED] and the last words');
    const messages = emitted.filter((d) => d.type === 'message');
    expect(messages.map((d) => (d.payload as { text: string }).text)).toEqual([stored]);
    expect(JSON.stringify(emitted) + raw.join('\n')).not.toContain(key.slice(13, 40));
  });

  it('stop ends even when a grandchild left the group (setsid), ignores SIGTERM and holds stdout open', async () => {
    const { folder, parser, sinks } = setup(`setsid-${table}`);
    const worker = new WorkerProcess(
      { command: process.execPath, args: [fixture('setsid-holder.mjs')], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    await waitFor(() => parser.seen.length > 0);
    const { pid, grandchild } = JSON.parse(parser.seen[0]![0]) as { pid: number; grandchild: number };
    expect(isAlive(grandchild)).toBe(true);
    // Bounded: the grace, then SIGKILL of the group and of every process carrying the run's marker.
    const exit = await within(10_000, worker.stop(300), 'stop');
    folder.close();
    // The worker itself obeyed SIGTERM; its grandchild did not and still held stdout.
    expect(exit.signal).toBe('SIGTERM');
    await waitFor(() => !isAlive(pid) && !isAlive(grandchild));
  });

  it('ends when the CLI exits although a child it left behind holds stdout, and reaps that child', async () => {
    const { folder, parser, emitted, sinks } = setup(`leftover-${table}`);
    const worker = new WorkerProcess(
      { command: process.execPath, args: [fixture('setsid-holder.mjs'), 'exit'], cwd: dir, env: {} },
      sinks,
    );
    worker.start();
    const exit = await within(10_000, worker.exited, 'the exit');
    folder.close();
    expect(exit).toMatchObject({ exitCode: 0, signal: null, spawnError: null });
    const { grandchild } = JSON.parse(parser.seen[0]![0]) as { grandchild: number };
    await waitFor(() => !isAlive(grandchild));
    // Noted, not waited on: the event names the process that was still running.
    expect(emitted).toContainEqual(
      expect.objectContaining({
        type: 'error',
        payload: expect.objectContaining({
          fatal: false,
          code: 'leftover_processes',
          message: expect.stringContaining(String(grandchild)),
        }),
      }),
    );
  });
});

/** The promise's value, or a failure naming what did not end within `ms` (a hang, not a slow machine). */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

const longLineOf = longLine as (bytes: number, secret?: string, at?: number[]) => Iterable<string>;

/** The sha256 and size of a file, read as a stream (an overflow file can be 100 MB). */
async function fileDigest(path: string, head = ''): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256').update(head);
  let bytes = Buffer.byteLength(head);
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

describe('WorkerProcess with an overlong line', () => {
  it('keeps the head in raw.jsonl, the rest in overflow/, masks a secret cut by the cap, marks the event', async () => {
    const SECRET = 'hunter2-very-secret-value';
    const cap = 64 * 1024;
    // One secret where the cap falls (the first 10 chars in the head), one deep in the overflow.
    const prefixLength = [...longLineOf(0)][0]!.length;
    const at = [cap - prefixLength - 10, 150_000];
    const { folder, parser, emitted, sinks } = setup('overlong');
    const worker = new WorkerProcess(
      {
        command: process.execPath,
        args: [fixture('long-line.mjs')],
        cwd: dir,
        env: {
          LONG_LINE_BYTES: '300000',
          LONG_LINE_SECRET: SECRET,
          LONG_LINE_SECRET_AT: at.join(','),
          LONG_LINE_STDERR_BYTES: String(cap + 500),
        },
      },
      { ...sinks, maxLineChars: cap, redact: createRedactor([SECRET]) },
    );
    worker.start();
    const exit = await worker.exited;
    folder.close();
    expect(exit.exitCode).toBe(0);

    const workerDir = join(folder.path, 'workers', 'w');
    const [head, next, end] = readFileSync(join(workerDir, 'raw.jsonl'), 'utf8').split('\n');
    expect([next, end]).toEqual([NEXT_LINE, '']);
    const overflowPath = join(workerDir, 'overflow', 'line-1.txt');
    const overflow = readFileSync(overflowPath, 'utf8');
    const original = [...longLineOf(300_000, SECRET, at)].join('');
    // The secret across the cut moved whole into the overflow file; neither file holds it.
    expect(head!.length).toBeLessThan(cap);
    expect(head!.length).toBeGreaterThan(cap - 100);
    expect(head! + overflow).toBe(createRedactor([SECRET])(original));
    expect(`${head}${overflow}`).not.toContain(SECRET);
    expect(overflow.match(/\[REDACTED\]/g)).toHaveLength(2);
    expect(statSync(overflowPath).mode & 0o777).toBe(0o600);

    expect(parser.seen.map(([line, n]) => [line.length, n])).toEqual([
      [head!.length, 1],
      [NEXT_LINE.length, 2],
    ]);
    const truncated = {
      keptChars: head!.length,
      overflowBytes: Buffer.byteLength(overflow),
      overflowFile: 'overflow/line-1.txt',
    };
    expect(emitted[0]).toEqual(
      draft('raw', { line: head!, reason: 'unknown', truncated }, { from: 1, to: 1 }),
    );
    expect(emitted[1]).toEqual(draft('raw', { line: NEXT_LINE, reason: 'unknown' }, { from: 2, to: 2 }));
    const stamped = { ...emitted[0]!, seq: 1, ts: new Date(0).toISOString(), sessionId: 's' } as Event;
    expect(describeEvent(stamped)).toContain(`${truncated.overflowBytes} more bytes in overflow/line-1.txt`);

    // stderr: the cut line names its overflow file in stderr.log itself; the lines after it are whole.
    const stderrLog = readFileSync(join(workerDir, 'stderr.log'), 'utf8').split('\n');
    expect(stderrLog[0]).toBe(`${'e'.repeat(cap)} [cut: 500 more bytes in overflow/stderr-line-1.txt]`);
    expect(readFileSync(join(workerDir, 'overflow', 'stderr-line-1.txt'), 'utf8')).toBe('e'.repeat(500));
    expect(JSON.parse(stderrLog[1]!)).toMatchObject({ longLine: { bytes: original.length } });
  });

  it('cuts a last line that never ends (the CLI exits mid-line) the same way', async () => {
    const { folder, parser, emitted, sinks } = setup('overlong-eof');
    const worker = new WorkerProcess(
      {
        command: process.execPath,
        args: [fixture('long-line.mjs')],
        cwd: dir,
        env: { LONG_LINE_BYTES: '5000', LONG_LINE_END: 'eof' },
      },
      { ...sinks, maxLineChars: 1024 },
    );
    worker.start();
    await worker.exited;
    folder.close();
    const original = [...longLineOf(5000)].join('');
    const workerDir = join(folder.path, 'workers', 'w');
    expect(readFileSync(join(workerDir, 'raw.jsonl'), 'utf8')).toBe(`${original.slice(0, 1024)}\n`);
    expect(readFileSync(join(workerDir, 'overflow', 'line-1.txt'), 'utf8')).toBe(original.slice(1024));
    expect(parser.seen).toEqual([[original.slice(0, 1024), 1]]);
    expect(emitted).toEqual([
      draft(
        'raw',
        {
          line: original.slice(0, 1024),
          reason: 'unknown',
          truncated: {
            keptChars: 1024,
            overflowBytes: original.length - 1024,
            overflowFile: 'overflow/line-1.txt',
          },
        },
        { from: 1, to: 1 },
      ),
    ]);
  });

  it('reports a failed overflow write as the log’s fault instead of throwing, and keeps reading', async () => {
    const faults: string[] = [];
    const folder = SessionFolder.create(join(dir, 'overflow-fault'), (fault) => faults.push(fault.code));
    const files = folder.workerFiles('w');
    // A file where the overflow folder should be: a real fs error at the first cut line.
    writeFileSync(join(folder.path, 'workers', 'w', 'overflow'), 'not a folder');
    const parser = new RecordingParser();
    const worker = new WorkerProcess(
      {
        command: process.execPath,
        args: [fixture('long-line.mjs')],
        cwd: dir,
        env: { LONG_LINE_BYTES: '5000' },
      },
      { files, parser, emit: () => undefined, maxLineChars: 1024 },
    );
    worker.start();
    const exit = await worker.exited;
    folder.close();
    expect(exit.exitCode).toBe(0);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(/^E(EXIST|NOTDIR)$/);
    expect(files.raw.fault?.path).toContain('overflow');
    // The stream was still read to its end: the line after the cut one reached the parser.
    expect(parser.seen.map(([, n]) => n)).toEqual([1, 2]);
    expect(parser.seen[1]![0]).toBe(NEXT_LINE);
  });

  it('a 100 MB line without newline: bounded memory, the rest on disk byte-exact, the next line parsed', async () => {
    const size = 100 * 1024 * 1024;
    const cap = 1024 * 1024;
    const session = join(dir, 'hundred-mb');
    const harness = join(
      import.meta.dirname,
      '..',
      '..',
      'test',
      'fixtures',
      'processes',
      'overflow-pipeline.ts',
    );
    // Its own process, so the peak memory measured is the pipeline's, not the test runner's.
    const run = await execa(process.execPath, ['--import', 'tsx', harness, session, String(cap)], {
      env: { LONG_LINE_BYTES: String(size) },
    });
    const report = JSON.parse(run.stdout) as {
      exit: { exitCode: number };
      maxRssBeforeKb: number;
      maxRssAfterKb: number;
      peakHeap: number;
      events: EventDraft[];
      stderr: string[];
    };
    expect(report.exit.exitCode).toBe(0);
    const written = (JSON.parse(report.stderr.at(-1)!) as { longLine: { bytes: number; sha256: string } })
      .longLine;
    expect(written.bytes).toBeGreaterThan(size);

    // Head (raw.jsonl's first line) + overflow file is the line the CLI wrote, byte for byte.
    const workerDir = join(session, 'workers', 'w');
    const [head, next] = readFileSync(join(workerDir, 'raw.jsonl'), 'utf8').split('\n');
    expect(head!.length).toBe(cap);
    expect(next).toBe(NEXT_LINE);
    expect(await fileDigest(join(workerDir, 'overflow', 'line-1.txt'), head)).toEqual(written);

    const [first, ...rest] = report.events;
    expect(first).toMatchObject({
      type: 'raw',
      lines: { from: 1, to: 1 },
      payload: {
        reason: 'malformed',
        truncated: {
          keptChars: cap,
          overflowBytes: written.bytes - cap,
          overflowFile: 'overflow/line-1.txt',
        },
      },
    });
    expect(rest[0]).toEqual(
      draft('session_ref', { ref: 'after-the-long-line', model: 'm' }, { from: 2, to: 2 }),
    );

    // Holding the line would take at least its 100 MB (a JS string of it is 100-200 MB, and joining or
    // splitting it copies it again); the capped pipeline stays far below, whatever the line's length.
    const growthMb = (report.maxRssAfterKb - report.maxRssBeforeKb) / 1024;
    expect(growthMb).toBeLessThan(100);
    expect(report.peakHeap / 1024 / 1024).toBeLessThan(100);
  }, 120_000);
});
