import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary, type EventType } from '../../src-shared/models';
import { splitLines, uncoveredLines } from '../cli-fixtures';
import { scratchRepo } from '../scratch-repo';
import { CLI_VERSIONS, cliBinary } from './clis';
import {
  codexContractAgentConfig,
  loadOpenAiMock,
  type OpenAiMock,
  type OpenAiMockScenario,
} from './codex-setup';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const mockModule = await loadOpenAiMock();

const temp: string[] = [];
const mocks: OpenAiMock[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
}

interface Run {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: Event[];
  folder: string;
  worktree: string;
  mock: OpenAiMock;
  codexHome: string;
}

/** `orchestrate run` exactly as a user would start it, with codex configured by codexContractAgentConfig. */
async function runCodex(task: string, scenario: OpenAiMockScenario): Promise<Run> {
  const mock = await mockModule.startMock({ scenario });
  mocks.push(mock);
  const dir = tempDir('orchestrator-codex-contract-');
  const agent = codexContractAgentConfig(mock.url, dir);
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, `${JSON.stringify({ agents: { codex: agent } }, null, 2)}\n`);
  const repo = scratchRepo();
  temp.push(repo);
  const ws = tempDir('orchestrator-codex-ws-');
  const result = await execa(
    tsx,
    [
      entry,
      'run',
      task,
      '--repo',
      repo,
      '--config',
      configFile,
      '--agents',
      'codex',
      '--json',
      '--plan',
      'template',
      '--workspace',
      ws,
    ],
    { cwd: root, reject: false, stdin: 'ignore' },
  );
  const stdout = String(result.stdout);
  const events = splitLines(stdout).map((line) => Event.parse(JSON.parse(line)));
  const sessionId = events[0]?.sessionId;
  if (!sessionId)
    throw new Error(`orchestrate printed no events (exit ${result.exitCode}):\n${result.stderr}`);
  const folder = join(ws, sessionId);
  return {
    exitCode: result.exitCode,
    stdout,
    stderr: String(result.stderr),
    events,
    folder,
    worktree: join(folder, 'worktrees', 'codex'),
    mock,
    codexHome: agent.env.CODEX_HOME!,
  };
}

function codexEvents(run: Run): Event[] {
  return run.events.filter((e) => e.workerId === 'codex');
}

function ofType<K extends EventType>(events: readonly Event[], type: K): Event<K>[] {
  return events.filter((e): e is Event<K> => e.type === type);
}

/**
 * Every stdout line of the CLI must be understood: a `raw` event of reason unknown or malformed means the real
 * CLI printed something our parser no longer matches, and the message names those lines.
 */
function expectEveryLineParsed(run: Run): string[] {
  const rawLines = splitLines(readFileSync(join(run.folder, 'workers', 'codex', 'raw.jsonl'), 'utf8'));
  const mine = codexEvents(run);
  const unparsed = ofType(mine, 'raw')
    .filter((e) => e.payload.reason !== 'ignored')
    .map((e) => `line ${e.lines?.from} (${e.payload.reason}): ${e.payload.line}`);
  expect(
    unparsed,
    `the codex parser did not understand these lines of the real CLI:\n${unparsed.join('\n')}`,
  ).toEqual([]);
  expect(uncoveredLines(mine, rawLines.length), 'raw lines no event claims').toEqual([]);
  return rawLines;
}

function readSummary(run: Run): SessionSummary {
  return SessionSummary.parse(JSON.parse(readFileSync(join(run.folder, 'summary.json'), 'utf8')));
}

function responseRequests(mock: OpenAiMock) {
  return mock.requests.filter((r) => r.method === 'POST' && r.path === '/v1/responses');
}

beforeAll(() => {
  const version = execFileSync(cliBinary('codex'), ['--version'], { encoding: 'utf8' }).trim();
  console.log(`contract: ${version} (${cliBinary('codex')})`);
  expect(version).toBe(`codex-cli ${CLI_VERSIONS.codex.version}`);
});

afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  temp.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('real codex CLI as a worker, against the OpenAI Responses mock', () => {
  it('completes a work turn: session ref, apply_patch file change, usage, MILESTONE, result', async () => {
    const task = 'add a short work note';
    const run = await runCodex(task, 'ok');
    expect(run.exitCode, run.stderr).toBe(0);

    // The session folder's log is exactly what was printed (execa strips the final newline).
    expect(readFileSync(join(run.folder, 'events.jsonl'), 'utf8')).toBe(`${run.stdout}\n`);
    const rawLines = expectEveryLineParsed(run);
    const mine = codexEvents(run);

    // The real argv: the adapter's telemetry switches are there, and the worktree needs no trust override.
    const started = ofType(mine, 'worker_started')[0];
    expect(started?.payload.command).toBe(cliBinary('codex'));
    expect(started?.payload.args).toEqual(
      expect.arrayContaining(['exec', '--json', '-c', 'analytics.enabled=false', '--disable', 'plugins']),
    );
    expect(started?.payload.args).not.toContain('--skip-git-repo-check');

    // The CLI's own thread id, which it also used to store its rollout in CODEX_HOME.
    const refs = ofType(mine, 'session_ref');
    expect(refs).toHaveLength(1);
    const ref = refs[0]!.payload.ref;
    expect(JSON.parse(rawLines[0]!)).toEqual({ type: 'thread.started', thread_id: ref });
    const rollouts = readdirSync(join(run.codexHome, 'sessions'), { recursive: true, encoding: 'utf8' });
    expect(rollouts.some((f) => f.endsWith(`-${ref}.jsonl`))).toBe(true);

    // The mock's apply_patch, as codex reported it.
    const toolUse = ofType(mine, 'tool_use')[0];
    expect(toolUse?.payload).toMatchObject({ name: 'apply_patch' });
    expect(ofType(mine, 'file_change').map((e) => e.payload)).toEqual([
      { path: 'codex-work.md', kind: 'add' },
    ]);
    expect(ofType(mine, 'tool_result')[0]?.payload).toMatchObject({
      toolId: toolUse?.payload.toolId,
      ok: true,
    });

    // Two model requests (the tool call, then the answer); codex sums their usage over the turn.
    const requests = responseRequests(run.mock);
    expect(requests).toHaveLength(2);
    const usage = ofType(mine, 'usage').at(-1);
    expect(usage?.payload).toMatchObject({
      inputTokens: 2 * mockModule.USAGE.inputTokens,
      outputTokens: 2 * mockModule.USAGE.outputTokens,
      cachedInputTokens: 2 * mockModule.USAGE.cachedInputTokens,
    });
    expect(ofType(mine, 'MILESTONE').map((e) => e.payload.summary)).toEqual([
      `codex-work.md written for "${task}"`,
    ]);
    const result = ofType(mine, 'result');
    expect(result).toHaveLength(1);
    expect(result[0]!.payload).toMatchObject({ ok: true, text: expect.stringContaining('MILESTONE:') });

    // The file exists in the worker's own worktree with the mock's content.
    expect(readFileSync(join(run.worktree, 'codex-work.md'), 'utf8')).toBe(
      mockModule.workFileContent('codex', task),
    );

    // The mock got codex's real requests: our model, the worker prompt, then the patch's output.
    const [first, second] = requests.map(
      (r) => r.body as { model: string; input: unknown[]; stream: boolean },
    );
    expect(first).toMatchObject({ model: 'gpt-5.5', stream: true });
    expect(JSON.stringify(first!.input)).toContain(`Task: ${task}`);
    expect(second!.input).toContainEqual(expect.objectContaining({ type: 'custom_tool_call_output' }));

    const summary = readSummary(run);
    expect(summary.status).toBe('completed');
    expect(summary.workers).toHaveLength(1);
    expect(summary.workers[0]).toMatchObject({
      workerId: 'codex',
      status: 'completed',
      exitCode: 0,
      sessionRef: ref,
      filesChanged: ['codex-work.md'],
      tokens: { input: 2 * mockModule.USAGE.inputTokens, output: 2 * mockModule.USAGE.outputTokens },
    });

    // TMPDIR beside CODEX_HOME keeps codex from warning about PATH aliases (cli notes codex §3).
    const stderrLog = readFileSync(join(run.folder, 'workers', 'codex', 'stderr.log'), 'utf8');
    expect(stderrLog).not.toContain('could not create PATH aliases');
  });

  it('fails fast on HTTP 401 with a fatal error carrying the status', async () => {
    const run = await runCodex('anything at all', 'http401');
    expect(run.exitCode, run.stderr).toBe(1);
    expectEveryLineParsed(run);
    const mine = codexEvents(run);

    const fatal = ofType(mine, 'error').filter((e) => e.payload.fatal);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]!.payload).toMatchObject({
      httpStatus: 401,
      code: 'unauthorized',
      message: expect.stringContaining('Incorrect API key provided: dummy. (openai-mock)'),
    });
    expect(ofType(mine, 'result').map((e) => e.payload.ok)).toEqual([false]);
    expect(mine.some((e) => e.type === 'session_ref')).toBe(true);

    // Retries bounded to none by the config: one request, and the run ends in seconds, not ~8 s.
    expect(responseRequests(run.mock)).toHaveLength(1);
    const exited = ofType(mine, 'worker_exited')[0];
    expect(exited?.payload).toMatchObject({ exitCode: 1 });
    expect(exited?.payload.durationMs).toBeLessThan(6_000);

    const worker = readSummary(run).workers[0];
    expect(['failed', 'setup_required']).toContain(worker?.status);
    expect(existsSync(join(run.worktree, 'codex-work.md'))).toBe(false);
  });
});
