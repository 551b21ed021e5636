import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { CONTINUE_PROMPT, LATER_MESSAGE_INTRO } from '../src-main/coordinator/run-worker';
import { SessionService } from '../src-main/coordinator/session-service';
import { fixtureLines, readCase, splitLines, type CliName } from './cli-fixtures';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';
import { waitFor } from './proc';

// Why a worker failed, as a person reads it: the first real cause (the HTTP 500, the 429), not what the
// last recovery attempt ran into; and a CLI session is resumed only when it exists.

const { temp, tempDir } = tempDirs();

interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const recorded = (cli: CliName, name: string): Output => {
  const c = readCase(cli, name);
  return { stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode ?? 1 };
};

/**
 * A stand-in CLI, a real child process: a fresh run prints `fresh`, a run with `--resume` prints `resumed`.
 * Every launch's argv is appended to the returned log as one JSON line.
 */
function scriptAgent(
  name: string,
  fresh: Output,
  resumed: Output,
): { command: string; launches: () => string[][] } {
  const dir = tempDir('orchestrator-agent-');
  const log = join(dir, 'launches.jsonl');
  writeFileSync(log, '');
  const command = join(dir, name);
  writeFileSync(
    command,
    `#!${process.execPath}\n` +
      `const fs = require('node:fs');\n` +
      `const args = process.argv.slice(2);\n` +
      `fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');\n` +
      `const out = args.includes('--resume') ? ${JSON.stringify(resumed)} : ${JSON.stringify(fresh)};\n` +
      `process.stderr.write(out.stderr);\n` +
      `process.stdout.write(out.stdout, () => process.exit(out.exitCode));\n`,
    { mode: 0o755 },
  );
  return {
    command,
    launches: () => splitLines(readFileSync(log, 'utf8')).map((line) => JSON.parse(line) as string[]),
  };
}

async function runOne(
  agent: string,
  command: string,
  limits: Record<string, number> = {},
  demo: { env: Record<string, string> } | null = null,
) {
  const svc = new SessionService({
    workspace: tempDir('orchestrator-ws-'),
    config: OrchestratorConfig.parse({
      agents: { [agent]: demo ? { command, env: demo.env } : { command } },
      limits: { maxRecoveries: 3, maxBackoffSec: 0, ...limits },
      review: { enabled: false },
    }),
  });
  const repo = scratchRepo();
  temp.push(repo);
  const task = 'create hello.txt';
  const { sessionId } = await svc.start({
    task,
    repo,
    agents: [agent],
    demo: demo !== null,
    plan: 'template',
  });
  const events: Event[] = [];
  svc.subscribe(sessionId, 0, (batch) => events.push(...batch));
  const status = await svc.done(sessionId);
  const statuses = events.flatMap((e) => (e.type === 'worker_status' ? [e.payload] : []));
  return { status, events, final: statuses.at(-1)!, task };
}

/**
 * A claude run that answers (the first lines of a real session), then fails with HTTP 500 (the recorded
 * mock_err500 after its init line, with the session id of the run it continues).
 */
function workThen500(): Output {
  const [init, said] = fixtureLines('claude', 'session-write.jsonl');
  const ref = (JSON.parse(init!) as { session_id: string }).session_id;
  const [first, ...failure] = splitLines(recorded('claude', 'mock_err500').stdout);
  const failedRef = (JSON.parse(first!) as { session_id: string }).session_id;
  const lines = [init, said, ...failure.map((line) => line.replaceAll(failedRef, ref))];
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 1 };
}

const RESUME_MISSING_GEMINI: Output = {
  stdout: '',
  // cli notes gemini §3: `--resume <uuid>` with no saved session.
  stderr: 'Error resuming session: No previous sessions found for this project.\n',
  exitCode: 42,
};

describe('the reason a failed worker gives', () => {
  it('is the HTTP 500 it first hit, not the missing conversation a resume ran into later', async () => {
    // claude starts working (a real session's first lines), then the API fails with 500; resuming finds no
    // conversation (the recorded resume_missing).
    const agent = scriptAgent('claude', workThen500(), recorded('claude', 'resume_missing'));
    const { status, final, events } = await runOne('claude', agent.command);

    expect(status).toBe('failed');
    expect(final.status).toBe('failed');
    expect(final.reason).toMatch(/the Anthropic API failed on its side.*API Error: 500/);
    expect(final.reason).not.toMatch(/no conversation|fresh one/i);
    // Recovery did run into the missing conversation on the way: the reason is chosen, not just the only one.
    const errorIds = events.flatMap((e) => (e.type === 'recovery_action' ? [e.payload.action.errorId] : []));
    expect(errorIds).toContain('claude-resume-not-found');
  }, 120_000);

  it('is the 429 of a gemini whose sessions were never saved, and no session is resumed', async () => {
    const agent = scriptAgent('gemini', recorded('gemini', 'err-http-429'), RESUME_MISSING_GEMINI);
    const { status, final, task } = await runOne('gemini', agent.command);

    expect(status).toBe('failed');
    expect(final.reason).toMatch(/rate-limit\w* gemini \(429\)/);
    expect(final.reason).not.toMatch(/no session to resume/);
    const launches = agent.launches();
    // Every recovery allowed was a real try at the task: none spent on a session that holds nothing.
    expect(launches).toHaveLength(4);
    for (const args of launches) {
      expect(args).not.toContain('--resume');
      expect(args.join(' ')).toContain(task);
    }
  }, 120_000);
});

describe('a gemini that gets HTTP 500 on every request (demo agent)', () => {
  it('fails on the 500 after its recoveries, each a fresh try at the task, never a resume', async () => {
    const { status, final, events } = await runOne(
      'gemini',
      'gemini',
      {},
      {
        env: { ORCHESTRATOR_DEMO_SCENARIO: 'server-error', ORCHESTRATOR_DEMO_DELAY_MS: '0' },
      },
    );
    expect(status).toBe('failed');
    expect(final.reason).toMatch(
      /^the Gemini API (failed|keeps failing) on its side: .*500.* \(3 recoveries did not help\)/,
    );
    const launches = events.flatMap((e) => (e.type === 'worker_started' ? [e.payload.args] : []));
    expect(launches).toHaveLength(4);
    expect(launches.filter((args) => args.includes('--resume'))).toEqual([]);
  }, 120_000);
});

describe('resuming a CLI session', () => {
  it('a session the CLI reports missing is never resumed again, and the fresh start gets the task', async () => {
    const agent = scriptAgent('claude', workThen500(), recorded('claude', 'resume_missing'));
    const { task } = await runOne('claude', agent.command, { maxRecoveries: 4 });

    const launches = agent.launches();
    const resumedRefs = launches.flatMap((args) => {
      const at = args.indexOf('--resume');
      return at >= 0 ? [args[at + 1]!] : [];
    });
    // The recorded session id (the same in every fresh run of this stand-in) is tried once, then known missing.
    expect(resumedRefs).toEqual(['e7ffcb95-c534-4375-8fc7-113651e94468']);
    // Every launch that does not resume carries the task, never a bare "continue where you left off".
    for (const args of launches.filter((a) => !a.includes('--resume'))) {
      expect(args.join(' ')).toContain(task);
      expect(args.join(' ')).not.toContain(CONTINUE_PROMPT);
    }
  }, 120_000);
});

describe('waiting before a retry', () => {
  const waits = async (name: string) => {
    const agent = scriptAgent('claude', recorded('claude', name), recorded('claude', name));
    // One recovery, a wait of one second: enough to see the state the worker waits in.
    const { events } = await runOne('claude', agent.command, { maxRecoveries: 1, maxBackoffSec: 1 });
    return events.flatMap((e) => (e.type === 'worker_status' ? [e.payload] : []));
  };

  it('is server_error after an HTTP 500, with its retry plan, never rate_limited', async () => {
    const statuses = await waits('mock_err500');
    expect(statuses.map((s) => s.status)).not.toContain('rate_limited');
    const waiting = statuses.find((s) => s.status === 'server_error');
    expect(waiting?.reason).toMatch(
      /^retry 1 of 1 in 1 s, in a fresh session: the Anthropic API failed on its side/,
    );
  }, 120_000);

  it('is rate_limited after an HTTP 429, never server_error', async () => {
    const statuses = await waits('mock_err429');
    expect(statuses.map((s) => s.status)).not.toContain('server_error');
    const waiting = statuses.find((s) => s.status === 'rate_limited');
    expect(waiting?.reason).toMatch(
      /^retry 1 of 1 in 1 s, in a fresh session: the Anthropic API rate-limited claude \(429\)/,
    );
  }, 120_000);
});

/** A CLI that prints nothing and never ends by itself. */
function hanging(): string {
  const command = join(tempDir('orchestrator-agent-'), 'codex');
  writeFileSync(command, '#!/bin/sh\nexec sleep 300\n', { mode: 0o755 });
  return command;
}

describe('an answer for a worker whose CLI session is gone', () => {
  it('goes to a fresh conversation after the task, once the CLI says it has no such session', async () => {
    // A real session's answer and result, without its write (outside any worktree here, so the guard would ask).
    const [init, said, , , , result] = fixtureLines('claude', 'session-write.jsonl');
    const done: Output = { stdout: `${[init, said, result].join('\n')}\n`, stderr: '', exitCode: 0 };
    const agent = scriptAgent('claude', done, recorded('claude', 'resume_missing'));
    // codex waits forever, so the session is still running when claude has finished and gets the answer.
    const svc = new SessionService({
      workspace: tempDir('orchestrator-ws-'),
      config: OrchestratorConfig.parse({
        agents: {
          claude: { command: agent.command },
          codex: { command: hanging() },
        },
        limits: { maxBackoffSec: 0 },
        review: { enabled: false },
      }),
    });
    const repo = scratchRepo();
    temp.push(repo);
    const task = 'create hello.txt';
    const { sessionId } = await svc.start({
      task,
      repo,
      agents: ['claude', 'codex'],
      demo: false,
      plan: 'template',
    });
    const events: Event[] = [];
    svc.subscribe(sessionId, 0, (batch) => events.push(...batch));
    const claudeDone = () =>
      events.some(
        (e) => e.workerId === 'claude' && e.type === 'worker_status' && e.payload.status === 'completed',
      );
    await waitFor(claudeDone, 60_000);
    const before = events.length;
    await svc.answer(sessionId, 'claude', 'Use tabs, not spaces.');
    await waitFor(
      () =>
        events
          .slice(before)
          .some(
            (e) => e.workerId === 'claude' && e.type === 'worker_status' && e.payload.status === 'completed',
          ),
      60_000,
    );
    await svc.control(sessionId, 'stop');
    await svc.done(sessionId);

    const launches = agent.launches();
    expect(launches).toHaveLength(3);
    // The answer first went to the session claude had announced and answered in…
    expect(launches[1]).toEqual(
      expect.arrayContaining(['--resume', 'e7ffcb95-c534-4375-8fc7-113651e94468', 'Use tabs, not spaces.']),
    );
    // …which claude no longer had: the fresh conversation gets the task, then the answer.
    const fresh = launches[2]!;
    expect(fresh).not.toContain('--resume');
    const prompt = fresh.at(-1)!;
    expect(prompt).toContain(`Task: ${task}`);
    expect(prompt.endsWith(`${LATER_MESSAGE_INTRO}\nUse tabs, not spaces.`)).toBe(true);
  }, 120_000);
});
