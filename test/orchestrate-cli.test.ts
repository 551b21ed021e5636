import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, SessionState, SessionSummary } from '../src-shared/models';
import { fixtureStdoutFiles, splitLines, uncoveredLines, type CliName } from './cli-fixtures';
import { gitOut, scratchRepo } from './scratch-repo';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const orchestrate = (args: string[], options: { input?: string } = {}) =>
  execa(tsx, [entry, ...args], {
    cwd: root,
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' } : { input: options.input }),
  });

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-ws-'));
  temp.push(dir);
  return dir;
}

describe('orchestrate run --demo', () => {
  it('runs the three demo agents in parallel and leaves the session folder of the contract', async () => {
    const repo = scratchRepo();
    temp.push(repo);
    const ws = workspace();
    const result = await orchestrate([
      'run',
      'add a CONTRIBUTING file',
      '--repo',
      repo,
      '--demo',
      '--json',
      '--workspace',
      ws,
    ]);
    expect(result.stderr).toMatch(/session folder: /);
    expect(result.exitCode).toBe(0);

    const printed = String(result.stdout)
      .split('\n')
      .filter((l) => l !== '');
    const events = printed.map((line) => Event.parse(JSON.parse(line)));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const sessionId = events[0]!.sessionId;
    const folder = join(ws, sessionId);
    expect(result.stderr).toContain(folder);

    // The log on disk is exactly what was printed.
    expect(readFileSync(join(folder, 'events.jsonl'), 'utf8')).toBe(`${printed.join('\n')}\n`);
    expect(statSync(folder).mode & 0o777).toBe(0o700);

    // Three workers, each in its own stream format, each with its own CLI session id.
    const refs = events.filter((e) => e.type === 'session_ref');
    expect(new Set(refs.map((e) => e.workerId))).toEqual(new Set(['claude', 'codex', 'gemini']));
    for (const worker of ['claude', 'codex', 'gemini']) {
      const mine = events.filter((e) => e.workerId === worker);
      expect(mine.some((e) => e.type === 'MILESTONE')).toBe(true);
      expect(mine.some((e) => e.type === 'file_change')).toBe(true);
      expect(mine.some((e) => e.type === 'result' && e.payload.ok)).toBe(true);
      const raw = readFileSync(join(folder, 'workers', worker, 'raw.jsonl'), 'utf8');
      const rawLines = splitLines(raw);
      expect(rawLines.length).toBeGreaterThan(3);
      expect(uncoveredLines(mine, rawLines.length)).toEqual([]);
      expect(existsSync(join(folder, 'workers', worker, 'stderr.log'))).toBe(true);
    }
    expect(events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'completed' } });

    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('completed');
    expect(summary.workers.map((w) => [w.workerId, w.status, w.exitCode])).toEqual([
      ['claude', 'completed', 0],
      ['codex', 'completed', 0],
      ['gemini', 'completed', 0],
    ]);
    for (const w of summary.workers) {
      expect(w.sessionRef).toBe(refs.find((e) => e.workerId === w.workerId)!.payload.ref);
      expect(w.tokens.input).toBeGreaterThan(0);
      expect(w.filesChanged.length).toBeGreaterThan(0);
      expect(w.branch).toBe(`orchestrator/${sessionId}/${w.workerId}`);
      // The files really exist on the worker's own branch, committed or not, in its worktree.
      for (const file of w.filesChanged)
        expect(existsSync(join(folder, 'worktrees', w.workerId, file))).toBe(true);
    }
    expect(summary.workers.find((w) => w.workerId === 'claude')!.costUsd).toBeGreaterThan(0);
    // The planner's and the reviewers' runs are in the spend beside the workers'.
    const { spend } = summary;
    expect(spend?.planner.tokens.input).toBeGreaterThan(0);
    expect(spend?.planner.costUsd).toBeGreaterThan(0);
    expect(spend?.reviews.tokens.input).toBeGreaterThan(0);
    const tokensOf = (s: { tokens: { input: number; output: number } }) => s.tokens.input + s.tokens.output;
    expect(tokensOf(spend!.total)).toBe(
      tokensOf(spend!.workers) + tokensOf(spend!.planner) + tokensOf(spend!.reviews),
    );
    expect(tokensOf(spend!.workers)).toBe(summary.workers.reduce((n, w) => n + tokensOf(w), 0));
    expect(tokensOf(spend!.reviews)).toBe(summary.workers.reduce((n, w) => n + tokensOf(w.reviewSpend!), 0));
    // Every worker was reviewed by the two others: each review cost something.
    for (const w of summary.workers) expect(tokensOf(w.reviewSpend!)).toBeGreaterThan(0);
    expect(summary.workers.find((w) => w.workerId === 'gemini')!.model).toBe('demo-gemini');
    SessionState.parse(JSON.parse(readFileSync(join(folder, 'session.json'), 'utf8')));

    // The user's checkout is untouched.
    expect(gitOut(repo, 'status', '--porcelain')).toBe('');
    expect(existsSync(join(repo, 'CONTRIBUTING.md'))).toBe(false);

    const listed = await orchestrate(['sessions', '--json', '--workspace', ws]);
    expect(JSON.parse(String(listed.stdout))).toMatchObject([{ sessionId, status: 'completed', demo: true }]);
    const shown = await orchestrate(['show', sessionId, '--json', '--workspace', ws]);
    expect(SessionSummary.parse(JSON.parse(String(shown.stdout)))).toEqual(summary);
  });

  it('prints human progress on stderr without --json', async () => {
    const repo = scratchRepo();
    temp.push(repo);
    const result = await orchestrate([
      'run',
      'write a changelog',
      '--repo',
      repo,
      '--demo',
      '--agents',
      'codex',
      '--workspace',
      workspace(),
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/\[codex\] ▲ Milestone: /);
    expect(result.stderr).toMatch(/session completed/);
    // What it cost, to the cent (the planner is the priced demo claude), with the unpriced agent named.
    expect(result.stderr).toMatch(
      /^spend: \$\d+\.\d\d \+ unpriced · .* tokens — workers .* · planner \$\d+\.\d\d /m,
    );
    expect(result.stderr).toMatch(/^codex reports no price/m);
  });

  it('backs off and retries a rate-limited agent, then fails with exit 1 when the limit keeps coming', async () => {
    const repo = scratchRepo();
    temp.push(repo);
    const ws = workspace();
    const config = join(ws, 'cfg.json');
    writeFileSync(config, JSON.stringify({ limits: { maxRecoveries: 1, maxBackoffSec: 1 } }));
    const result = await execa(
      tsx,
      [
        entry,
        'run',
        'anything',
        '--repo',
        repo,
        '--demo',
        '--agents',
        'gemini',
        '--workspace',
        ws,
        '--config',
        config,
        '--json',
      ],
      { cwd: root, reject: false, stdin: 'ignore', env: { ORCHESTRATOR_DEMO_SCENARIO: 'error' } },
    );
    expect(result.exitCode).toBe(1);
    const events = String(result.stdout)
      .trim()
      .split('\n')
      .map((l) => Event.parse(JSON.parse(l)));
    const recoveries = events.flatMap((e) => (e.type === 'recovery_action' ? [e.payload.action] : []));
    expect(recoveries.map((a) => [a.kind, a.errorId])).toEqual([
      ['backoff', 'gemini-rate-limited'],
      ['escalate', 'gemini-rate-limited'],
    ]);
    // The 429 came before any answer, so the session holds nothing (gemini does not even save it): the retry
    // starts a fresh one with the task instead of resuming it.
    expect(recoveries[0]).toMatchObject({ resume: false });
    expect(recoveries[0]!.after).not.toContain('--resume');
    expect(recoveries[0]!.after?.join(' ')).toContain('anything');
    // The wait it reports is the one it took: the catalogue's minute, capped by limits.maxBackoffSec.
    expect(recoveries[0]!.delayMs).toBe(1000);
    expect(events.some((e) => e.type === 'worker_status' && e.payload.status === 'rate_limited')).toBe(true);
    expect(events.filter((e) => e.type === 'worker_started')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'failed' } });
  });
});

describe('orchestrate bad usage', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['empty task', ['run', '  ', '--repo', '.', '--demo'], /the task is empty/],
    ['no repo', ['run', 'x', '--demo'], /no repository given/],
    [
      'missing repo',
      ['run', 'x', '--repo', '/nonexistent/repo', '--demo'],
      /repository not found: \/nonexistent\/repo/,
    ],
    ['repo is a file', ['run', 'x', '--repo', 'package.json', '--demo'], /repository is not a directory/],
    ['unknown agent', ['run', 'x', '--repo', '.', '--agents', 'claude,foo', '--demo'], /unknown agent "foo"/],
    [
      'duplicated agent',
      ['run', 'x', '--repo', '.', '--agents', 'codex,codex', '--demo'],
      /agent "codex" is named twice/,
    ],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ];
  it.each(cases)('%s → exit 2 with one clear message and nothing started', async (_name, args, message) => {
    const ws = workspace();
    const result = await orchestrate([...args, ...(args[0] === 'run' ? ['--workspace', ws] : [])]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(ws) ? readdirSync(ws) : []).toEqual([]);
  });
  it.each([
    ['wrong types', '{"limits":{"idleTimeoutSec":"soon"}}', /limits\.idleTimeoutSec: .*number/],
    ['not JSON', '{"agents":', /not valid JSON/],
    ['unknown setting', '{"agentz":{}}', /agentz/],
  ])('a config file with %s → exit 2 naming the problem, nothing started', async (_name, text, message) => {
    const ws = workspace();
    const config = join(workspace(), 'config.json');
    writeFileSync(config, text);
    const result = await orchestrate([
      'run',
      'x',
      '--repo',
      '.',
      '--demo',
      '--config',
      config,
      '--workspace',
      ws,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(ws) ? readdirSync(ws) : []).toEqual([]);
  });
});

describe('orchestrate events', () => {
  for (const cli of ['claude', 'codex', 'gemini'] as CliName[]) {
    it(`normalizes every ${cli} fixture, losing no line`, async () => {
      for (const file of fixtureStdoutFiles(cli)) {
        const result = await orchestrate(['events', '--agent', cli, file]);
        expect(result.exitCode, file).toBe(0);
        const events = String(result.stdout)
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => Event.parse(JSON.parse(l)));
        const lines = splitLines(readFileSync(file, 'utf8'));
        expect(uncoveredLines(events, lines.length), file).toEqual([]);
        // Each line's events came from that very line: one kept verbatim is the same text, byte for byte;
        // one a parser understood is a JSON line (an event pointing at the wrong line would not hold).
        for (const event of events) {
          if (!event.lines) continue;
          for (let n = event.lines.from; n <= event.lines.to; n++) {
            const line = lines[n - 1]!;
            if (event.type === 'raw' && event.lines.from === event.lines.to)
              expect(event.payload.line, `${file}:${n}`).toBe(line);
            else expect(() => JSON.parse(line), `${file}:${n}`).not.toThrow();
          }
        }
        expect(events.every((e) => e.workerId === cli)).toBe(true);
      }
    }, 120_000);
  }

  it('reads stdin with - and refuses an unknown agent', async () => {
    const line = '{"type":"thread.started","thread_id":"abc"}\nnot json\n';
    const result = await orchestrate(['events', '--agent', 'codex', '-'], { input: line });
    const events = String(result.stdout)
      .trim()
      .split('\n')
      .map((l) => Event.parse(JSON.parse(l)));
    expect(events.map((e) => e.type)).toEqual(['session_ref', 'raw']);
    expect(events[1]).toMatchObject({ payload: { line: 'not json', reason: 'malformed' } });
    const bad = await orchestrate(['events', '--agent', 'nope', '-'], { input: '' });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown agent "nope"/);
  });
});
