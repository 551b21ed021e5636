import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { CONTINUE_PROMPT, LATER_MESSAGE_INTRO } from '../src-main/coordinator/run-worker';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { fixtureLines } from './cli-fixtures';
import { isAlive, markedProcesses, PROCESS_TABLES, procState, sleep, useProcessTable, waitFor } from './proc';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();

const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

function service(config: unknown = {}) {
  return new SessionService({
    workspace: tempDir('orchestrator-ws-'),
    config: OrchestratorConfig.parse(config),
  });
}

function collect(svc: SessionService, sessionId: string, afterSeq = 0): Event[] {
  const events: Event[] = [];
  svc.subscribe(sessionId, afterSeq, (batch) => events.push(...batch));
  return events;
}

/** A session of one agent on a fresh repository with the template plan, and its events as they come. */
async function startOne(svc: SessionService, agent: string, demo: boolean) {
  const repo = scratchRepo();
  temp.push(repo);
  const { sessionId, folder } = await svc.start({ task: 'x', repo, agents: [agent], demo, plan: 'template' });
  return { sessionId, folder, events: collect(svc, sessionId) };
}

describe('SessionService', () => {
  it('stops a running session: every worker process gone, status stopped, summary written', async () => {
    const svc = service({
      agents: { claude: { command: 'claude', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } } },
    });
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId, folder } = await svc.start({
      task: 'wait forever',
      repo,
      agents: ['claude'],
      demo: true,
      plan: 'template',
    });
    const events = collect(svc, sessionId);
    await waitFor(() => events.some((e) => e.type === 'session_ref'));
    const pid = svc.state(sessionId)!.workers[0]!.pid!;
    expect(isAlive(pid)).toBe(true);

    await svc.control(sessionId, 'pause', 'claude');
    // The signal is delivered asynchronously; the kernel marks the process stopped (T) soon after.
    await waitFor(() => procState(pid) === 'T');
    expect(svc.state(sessionId)!.workers[0]!.status).toBe('paused');
    await svc.control(sessionId, 'resume', 'claude');
    await waitFor(() => procState(pid) !== 'T');

    await svc.control(sessionId, 'stop');
    expect(await svc.done(sessionId)).toBe('stopped');
    await waitFor(() => !isAlive(pid));
    await waitFor(() => markedProcesses(sessionId).length === 0);
    const stored = readEvents(folder).events;
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i + 1));
    expect(
      stored.filter((e) => e.type === 'control').map((e) => e.type === 'control' && e.payload.command),
    ).toEqual(['pause', 'resume', 'stop']);
    expect(svc.state(sessionId)).toMatchObject({ status: 'stopped', workers: [{ status: 'stopped' }] });
    expect(existsSync(join(folder, 'summary.json'))).toBe(true);
  });

  it('gives a late subscriber the whole log then the live tail, same as the file', async () => {
    const svc = service();
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId, folder } = await svc.start({
      task: 'add docs',
      repo,
      agents: ['gemini', 'codex'],
      demo: true,
      plan: 'template',
    });
    const early = collect(svc, sessionId);
    await waitFor(() => early.some((e) => e.type === 'MILESTONE'));
    const late = collect(svc, sessionId, 3);
    await svc.done(sessionId);
    const stored = readEvents(folder).events;
    expect(early).toEqual(stored);
    expect(late).toEqual(stored.slice(3));
    // A stored session replays from its file.
    const replayed: Event[] = [];
    svc.subscribe(sessionId, 0, (batch) => replayed.push(...batch));
    await waitFor(() => replayed.length === stored.length);
    expect(replayed).toEqual(stored);
  });

  it('runs in place with a warning when the directory is not a git repository', async () => {
    const svc = service();
    const dir = tempDir('orchestrator-plain-');
    const { sessionId } = await svc.start({
      task: 'write notes',
      repo: dir,
      agents: ['codex'],
      demo: true,
      plan: 'template',
    });
    const events = collect(svc, sessionId);
    expect(await svc.done(sessionId)).toBe('completed');
    expect(events.find((e) => e.type === 'error')).toMatchObject({
      payload: { code: 'not_a_git_repository', fatal: false },
    });
    expect(readdirSync(join(dir, 'docs')).length).toBeGreaterThan(0);
  });

  it('marks a missing CLI setup_required instead of spinning', async () => {
    const svc = service({ agents: { codex: { command: 'codex-not-installed-here' } } });
    const { sessionId, events } = await startOne(svc, 'codex', false);
    expect(await svc.done(sessionId)).toBe('failed');
    const worker = svc.state(sessionId)!.workers[0]!;
    expect(worker.status).toBe('setup_required');
    expect(worker.statusReason).toBe(
      'codex-not-installed-here not found on PATH: install it with `npm install -g @openai/codex`, or set agents.codex.command to its path',
    );
    // Nothing was spawned for it.
    expect(events.some((e) => e.type === 'worker_started')).toBe(false);
  });

  it('refuses bad input with one message and creates nothing', async () => {
    const svc = service();
    const empty = tempDir('orchestrator-empty-');
    execFileSync('git', ['init', '-q'], { cwd: empty });
    await expect(svc.start({ task: 'x', repo: empty, demo: true })).rejects.toThrow(/has no commit yet/);
    await expect(svc.start({ task: 'x'.repeat(100_001), repo: empty, demo: true })).rejects.toThrow(
      /too long/,
    );
    const file = join(empty, 'f.txt');
    writeFileSync(file, 'x');
    await expect(svc.start({ task: 'x', repo: file, demo: true })).rejects.toThrow(/not a directory/);
    await expect(svc.start({ task: 'x', repo: empty, agents: [], demo: true })).rejects.toThrow(
      /has no commit yet/,
    );
    expect(existsSync(svc.workspace) ? readdirSync(svc.workspace) : []).toEqual([]);
    expect(svc.list()).toEqual([]);
  });

  it('needs a format for a custom agent and runs it as that format', async () => {
    const svc = service({ agents: { mine: { command: 'my-agent', format: 'codex-exec-json' } } });
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId } = await svc.start({ task: 'document it', repo, demo: true, plan: 'template' });
    const events = collect(svc, sessionId);
    expect(await svc.done(sessionId)).toBe('completed');
    expect(events.find((e) => e.type === 'worker_started')).toMatchObject({
      workerId: 'mine',
      payload: { demo: true },
    });
    expect(events.some((e) => e.workerId === 'mine' && e.type === 'MILESTONE')).toBe(true);
  });
});

describe.each(PROCESS_TABLES)('limits, %s process table', (table) => {
  useProcessTable(table);

  it('stops a silent worker with an event that gives the figure, and leaves no process', async () => {
    const svc = service({
      agents: { codex: { command: 'codex', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } } },
      limits: { idleTimeoutSec: 1 },
    });
    const { sessionId, events } = await startOne(svc, 'codex', true);
    await waitFor(() => events.some((e) => e.type === 'worker_started'));
    const pid = svc.state(sessionId)!.workers[0]!.pid!;
    expect(await svc.done(sessionId)).toBe('failed');
    const limit = events.find((e) => e.type === 'error' && e.payload.code === 'limit_idle');
    expect(limit).toMatchObject({
      payload: {
        fatal: true,
        message: expect.stringMatching(/no output for \d+(\.\d)? s, over the 1 s limit/),
      },
    });
    expect(svc.state(sessionId)!.workers[0]).toMatchObject({
      status: 'failed',
      statusReason: expect.stringMatching(/^stopped: no output/),
    });
    await waitFor(() => !isAlive(pid));
    // No process of the session at all, not only the one whose pid was reported.
    await waitFor(() => markedProcesses(sessionId).length === 0);
  });

  it('ends an idle stop whose grandchild left the group, ignores SIGTERM and holds stdout: no process left', async () => {
    // A CLI that prints one line, then stays silent while its setsid grandchild keeps stdout open.
    const holder = join(import.meta.dirname, 'fixtures', 'processes', 'setsid-holder.mjs');
    const agent = join(tempDir('orchestrator-agent-'), 'claude');
    writeFileSync(agent, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(holder)}\n`, {
      mode: 0o755,
    });
    const svc = service({ agents: { claude: { command: agent } }, limits: { idleTimeoutSec: 1 } });
    const { sessionId, events } = await startOne(svc, 'claude', false);
    await waitFor(() => events.some((e) => e.type === 'raw'));
    const first = events.find((e) => e.type === 'raw');
    const { pid, grandchild } = JSON.parse(first?.type === 'raw' ? first.payload.line : '{}') as {
      pid: number;
      grandchild: number;
    };
    expect(isAlive(grandchild)).toBe(true);
    // idleTimeoutSec + 10 s: the idle limit, the stop's grace, the kills and the pipes closed from this side.
    const status = await Promise.race([svc.done(sessionId), sleep(11_000).then(() => 'still running')]);
    expect(status).toBe('failed');
    expect(events.some((e) => e.type === 'error' && e.payload.code === 'limit_idle')).toBe(true);
    await waitFor(() => !isAlive(pid) && !isAlive(grandchild));
    expect(markedProcesses(sessionId)).toEqual([]);
  });

  it('marks a CLI that reported success and exited 0 completed although `sleep 300 &` holds its stdout', async () => {
    // claude's recorded start and success result, nothing in between.
    const recorded = fixtureLines('claude', 'session-write.jsonl');
    const transcript = join(tempDir('orchestrator-transcript-'), 'stdout.jsonl');
    writeFileSync(transcript, `${recorded[0]}\n${recorded.at(-1)}\n`);
    const agent = join(tempDir('orchestrator-agent-'), 'claude');
    writeFileSync(agent, `#!/bin/sh\ncat ${JSON.stringify(transcript)}\nsleep 300 &\necho $! >&2\nexit 0\n`, {
      mode: 0o755,
    });
    const svc = service({ agents: { claude: { command: agent } }, review: { enabled: false } });
    const { sessionId, events } = await startOne(svc, 'claude', false);
    const status = await Promise.race([svc.done(sessionId), sleep(20_000).then(() => 'still running')]);
    expect(status).toBe('completed');
    expect(svc.state(sessionId)!.workers[0]!.status).toBe('completed');
    // Reaped and noted, not waited on.
    const sleeper = Number(
      readFileSync(join(svc.state(sessionId)!.folder, 'workers', 'claude', 'stderr.log'), 'utf8'),
    );
    expect(sleeper).toBeGreaterThan(0);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'error',
        payload: expect.objectContaining({
          code: 'leftover_processes',
          message: expect.stringContaining(String(sleeper)),
        }),
      }),
    );
    await waitFor(() => !isAlive(sleeper));
    expect(markedProcesses(sessionId)).toEqual([]);
  });

  it('classifies how a long run ended: a rate limit after thousands of events is still backed off', async () => {
    // claude's recorded 429 case with 5,000 lines of other output (kept as raw events) before its end: the
    // final error comes long after the start.
    const cases = join(import.meta.dirname, 'fixtures', 'cli', 'claude', 'cases', 'mock_err429');
    const [init, ...rest] = readFileSync(join(cases, 'stdout'), 'utf8').split('\n').filter(Boolean);
    const other = 'progress: still working';
    const agent = join(tempDir('orchestrator-agent-'), 'claude');
    writeFileSync(
      agent,
      `#!${process.execPath}\nconst out = [${JSON.stringify(init)}, ...Array(5000).fill(${JSON.stringify(other)}), ...${JSON.stringify(rest)}];\n` +
        `process.stdout.write(out.join('\\n') + '\\n', () => process.exit(${readFileSync(join(cases, 'exit_code'), 'utf8').trim()}));\n`,
      { mode: 0o755 },
    );
    const svc = service({
      agents: { claude: { command: agent } },
      limits: { maxRecoveries: 1, maxBackoffSec: 0 },
    });
    const { sessionId, events } = await startOne(svc, 'claude', false);
    await svc.done(sessionId);
    const actions = events.flatMap((e) => (e.type === 'recovery_action' ? [e.payload.action] : []));
    expect(actions[0]).toMatchObject({ kind: 'backoff', errorId: 'claude-rate-limited' });
  });

  it('stops a worker that stops writing mid-line forever, keeping the half line it wrote', async () => {
    const [init, next] = fixtureLines('claude', 'session-write.jsonl');
    const half = next!.slice(0, 40);
    // A CLI that prints one whole line, then half of the next, then nothing, while staying alive.
    const agent = join(tempDir('orchestrator-agent-'), 'claude');
    writeFileSync(
      agent,
      `#!${process.execPath}\nprocess.stdout.write(${JSON.stringify(`${init}\n${half}`)});\nsetInterval(() => {}, 1 << 30);\n`,
      { mode: 0o755 },
    );
    const svc = service({ agents: { claude: { command: agent } }, limits: { idleTimeoutSec: 1 } });
    const { sessionId, events } = await startOne(svc, 'claude', false);
    await waitFor(() => events.some((e) => e.type === 'worker_started'));
    const { folder, workers } = svc.state(sessionId)!;
    const pid = workers[0]!.pid!;
    expect(await svc.done(sessionId)).toBe('failed');
    expect(events.some((e) => e.type === 'error' && e.payload.code === 'limit_idle')).toBe(true);
    await waitFor(() => !isAlive(pid));
    // Nothing it wrote is lost: the half line is the last line of raw.jsonl and a raw event of its own.
    expect(
      readFileSync(join(folder, 'workers', 'claude', 'raw.jsonl'), 'utf8')
        .split('\n')
        .slice(-2),
    ).toEqual([half, '']);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'raw',
        workerId: 'claude',
        payload: { line: half, reason: 'malformed' },
      }),
    );
  });

  it('stops a worker over its wall-clock limit', async () => {
    const svc = service({
      agents: { gemini: { command: 'gemini', env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow' } } },
      limits: { maxRuntimeSec: 1 },
    });
    const { sessionId, events } = await startOne(svc, 'gemini', true);
    expect(await svc.done(sessionId)).toBe('failed');
    expect(events.some((e) => e.type === 'error' && e.payload.code === 'limit_runtime')).toBe(true);
    expect(events.some((e) => e.type === 'control' && e.payload.by === 'limit')).toBe(true);
  });
});

describe('resume of a paused worker whose process is gone', () => {
  it('relaunches it with the CLI resume flag, its session id and a continue prompt', async () => {
    const svc = service({
      agents: {
        codex: {
          command: 'codex',
          env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '30' },
        },
      },
    });
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId } = await svc.start({
      task: 'write notes',
      repo,
      agents: ['codex'],
      demo: true,
      plan: 'template',
    });
    const events = collect(svc, sessionId);
    // The model has answered in the session: there is a conversation to resume.
    await waitFor(() => events.some((e) => e.type === 'tool_use'));
    const ref = events.find((e) => e.type === 'session_ref')!;
    const pid = svc.state(sessionId)!.workers[0]!.pid!;
    await svc.control(sessionId, 'pause', 'codex');
    process.kill(-pid, 'SIGKILL');
    await waitFor(() => events.some((e) => e.type === 'worker_exited'));
    await waitFor(
      () => svc.state(sessionId)!.workers[0]!.statusReason?.includes('ended while paused') === true,
    );
    expect(svc.state(sessionId)!.workers[0]!.status).toBe('paused');

    await svc.control(sessionId, 'resume', 'codex');
    expect(await svc.done(sessionId)).toBe('completed');
    const launches = events.filter((e) => e.type === 'worker_started');
    expect(launches).toHaveLength(2);
    const args = launches[1]!.type === 'worker_started' ? launches[1]!.payload.args : [];
    const refId = ref.type === 'session_ref' ? ref.payload.ref : '';
    expect(args.slice(args.indexOf('resume'), args.indexOf('resume') + 2)).toEqual(['resume', refId]);
    expect(args.at(-1)).toBe(CONTINUE_PROMPT);
    expect(isAlive(pid)).toBe(false);
  });
});

describe('a question for a person', () => {
  it('suspends the worker asked about while it waits (app or dashboard watching), and Stop ends it', async () => {
    // claude's recorded start and its write outside the worktree (the guard asks a person), then it works on.
    const recorded = fixtureLines('claude', 'session-write.jsonl').slice(0, 3);
    const transcript = join(tempDir('orchestrator-transcript-'), 'stdout.jsonl');
    writeFileSync(transcript, `${recorded.join('\n')}\n`);
    const agent = join(tempDir('orchestrator-agent-'), 'claude');
    writeFileSync(agent, `#!/bin/sh\ncat ${JSON.stringify(transcript)}\nexec sleep 300\n`, { mode: 0o755 });
    const svc = new SessionService({
      workspace: tempDir('orchestrator-ws-'),
      config: OrchestratorConfig.parse({
        agents: { claude: { command: agent } },
        review: { enabled: false },
      }),
      interactive: true,
    });
    const { sessionId, events } = await startOne(svc, 'claude', false);
    await waitFor(() =>
      events.some((e) => e.type === 'decision' && e.payload.action === 'PAUSE_AND_CLARIFY'),
    );
    const pid = svc.state(sessionId)!.workers[0]!.pid!;
    await waitFor(() => procState(pid) === 'T');
    expect(svc.state(sessionId)).toMatchObject({ status: 'paused', workers: [{ status: 'needs_input' }] });
    await svc.control(sessionId, 'stop');
    expect(await svc.done(sessionId)).toBe('stopped');
    await waitFor(() => markedProcesses(sessionId).length === 0);
  });
});

describe('redirecting a running worker', () => {
  it('ends its run and relaunches its own conversation with the new instructions', async () => {
    const svc = service({
      agents: {
        gemini: {
          command: 'gemini',
          env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '30' },
        },
      },
    });
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId } = await svc.start({
      task: 'write a changelog',
      repo,
      agents: ['gemini'],
      demo: true,
      plan: 'template',
    });
    const events = collect(svc, sessionId);
    // The model has answered in the session: there is a conversation to resume.
    await waitFor(() => events.some((e) => e.type === 'tool_use'));
    const ref = events.find((e) => e.type === 'session_ref');
    await svc.session(sessionId)!.redirect('gemini', 'Also mention the release date.');
    expect(await svc.done(sessionId)).toBe('completed');
    const launches = events.filter((e) => e.type === 'worker_started');
    expect(launches).toHaveLength(2);
    const args = launches[1]!.type === 'worker_started' ? launches[1]!.payload.args : [];
    expect(args).toContain('Also mention the release date.');
    expect(ref?.type === 'session_ref' && args.includes(ref.payload.ref)).toBe(true);
    expect(
      events.some(
        (e) => e.type === 'worker_status' && e.payload.reason === 'relaunched with new instructions',
      ),
    ).toBe(true);
  });
});

describe('new instructions before the model answered', () => {
  it('start a fresh conversation given the task and then the instructions, never a resume', async () => {
    // gemini announces its session before the first request and saves it only once answered: the session
    // of a worker redirected before that holds nothing and may not exist.
    const svc = service({
      agents: { gemini: { command: 'gemini', env: { ORCHESTRATOR_DEMO_SCENARIO: 'hang' } } },
    });
    const { sessionId, events } = await startOne(svc, 'gemini', true);
    await waitFor(() => events.some((e) => e.type === 'session_ref'));
    await svc.session(sessionId)!.redirect('gemini', 'Also mention the release date.');
    await waitFor(() => events.filter((e) => e.type === 'worker_started').length === 2);
    await svc.control(sessionId, 'stop');
    await svc.done(sessionId);
    const launches = events.flatMap((e) => (e.type === 'worker_started' ? [e.payload.args] : []));
    const prompt = launches[1]![launches[1]!.indexOf('-p') + 1]!;
    expect(launches[1]).not.toContain('--resume');
    expect(prompt).toContain(launches[0]![launches[0]!.indexOf('-p') + 1]!);
    expect(prompt).toMatch(new RegExp(`${LATER_MESSAGE_INTRO}\\nAlso mention the release date\\.$`));
  });
});

describe('recovery of a worker killed mid-stream', () => {
  it('relaunches it on its own session after kill -9, loses nothing written before, leaves no process', async () => {
    const svc = service({
      agents: {
        claude: {
          command: 'claude',
          env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '40' },
        },
      },
      limits: { maxBackoffSec: 0 },
    });
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId, folder } = await svc.start({
      task: 'write docs',
      repo,
      agents: ['claude'],
      demo: true,
      plan: 'template',
    });
    const events = collect(svc, sessionId);
    await waitFor(() => events.some((e) => e.type === 'tool_use'));
    const pid = svc.state(sessionId)!.workers[0]!.pid!;
    const before = events.filter((e) => e.workerId === 'claude').length;
    process.kill(-pid, 'SIGKILL');
    expect(await svc.done(sessionId)).toBe('completed');
    expect(isAlive(pid)).toBe(false);
    // Neither the killed run nor the relaunched one left any process of the session behind.
    await waitFor(() => markedProcesses(sessionId).length === 0);
    const recovery = events.find((e) => e.type === 'recovery_action');
    expect(recovery).toMatchObject({
      payload: { action: { kind: 'relaunch', errorId: 'no-result', resume: true } },
    });
    const ref = events.find((e) => e.type === 'session_ref');
    const relaunch = events.filter((e) => e.type === 'worker_started')[1];
    expect(
      relaunch?.type === 'worker_started' &&
        ref?.type === 'session_ref' &&
        relaunch.payload.args.includes(ref.payload.ref),
    ).toBe(true);
    // Everything seen before the kill is in the log, unchanged.
    const stored = readEvents(folder).events.filter((e) => e.workerId === 'claude');
    expect(stored.slice(0, before)).toEqual(events.filter((e) => e.workerId === 'claude').slice(0, before));
  });

  it('escalates once maxRecoveries relaunches did not help', async () => {
    const svc = service({
      agents: {
        codex: {
          command: 'codex',
          env: { ORCHESTRATOR_DEMO_SCENARIO: 'crash', ORCHESTRATOR_DEMO_DELAY_MS: '10' },
        },
      },
      limits: { maxRecoveries: 2, maxBackoffSec: 0 },
    });
    const { sessionId, events } = await startOne(svc, 'codex', true);
    expect(await svc.done(sessionId)).toBe('failed');
    const actions = events.flatMap((e) => (e.type === 'recovery_action' ? [e.payload.action.kind] : []));
    expect(actions).toEqual(['relaunch', 'relaunch', 'escalate']);
    expect(events.filter((e) => e.type === 'worker_started')).toHaveLength(3);
    expect(svc.state(sessionId)!.workers[0]).toMatchObject({ status: 'failed', recoveries: 2 });
  });
});

describe('security', () => {
  it('masks keys everywhere, audits a dangerous command, and stops the session by policy', async () => {
    const secret = 'rogue-secret-value-12345';
    const svc = service({
      agents: {
        rogue: {
          command: join(import.meta.dirname, 'fixtures', 'processes', 'rogue-agent.mjs'),
          format: 'claude-stream-json',
          env: { ROGUE_API_KEY: secret },
        },
      },
    });
    const { sessionId, folder, events } = await startOne(svc, 'rogue', false);
    expect(await svc.done(sessionId)).toBe('escalated');
    const decision = events.find((e) => e.type === 'decision');
    expect(decision).toMatchObject({
      workerId: 'rogue',
      payload: { action: 'STOP_AND_ESCALATE', rule: 'security:sudo' },
    });
    const audit = readFileSync(join(folder, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toMatchObject([{ sessionId, workerId: 'rogue', ruleId: 'sudo', policy: 'stop' }]);
    expect(statSync(join(folder, 'audit.jsonl')).mode & 0o777).toBe(0o600);
    // The key never reaches the disk or the event stream.
    for (const file of ['events.jsonl', 'workers/rogue/raw.jsonl', 'summary.json']) {
      const text = readFileSync(join(folder, file), 'utf8');
      expect(text, file).not.toContain(secret);
      expect(text, file).not.toMatch(/sk-ant-api03-x{10}/);
    }
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(JSON.stringify(events)).toContain('[REDACTED]');
  });
});

describe('two sessions on one repository at once', () => {
  it('give every worker its own worktree and branch, and both complete', async () => {
    const svc = service();
    const repo = scratchRepo();
    temp.push(repo);
    const [a, b] = await Promise.all([
      svc.start({
        task: 'write docs',
        repo,
        agents: ['claude', 'codex'],
        demo: true,
        plan: 'template',
        review: false,
      }),
      svc.start({
        task: 'write a changelog',
        repo,
        agents: ['claude', 'gemini'],
        demo: true,
        plan: 'template',
        review: false,
      }),
    ]);
    expect(await Promise.all([svc.done(a.sessionId), svc.done(b.sessionId)])).toEqual([
      'completed',
      'completed',
    ]);
    const workers = [...svc.state(a.sessionId)!.workers, ...svc.state(b.sessionId)!.workers];
    expect(new Set(workers.map((w) => w.cwd)).size).toBe(4);
    expect(new Set(workers.map((w) => w.branch)).size).toBe(4);
    const branches = execFileSync('git', ['branch', '--list', 'orchestrator/*'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(branches.trim().split('\n')).toHaveLength(4);
  });
});
