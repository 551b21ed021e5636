import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary } from '../../src-shared/models';
import { splitLines, uncoveredLines } from '../cli-fixtures';
import { gitOut, scratchRepo } from '../scratch-repo';
import { cliBinary, CLI_VERSIONS } from './clis';
import {
  geminiContractAgentConfig,
  geminiMockWorkFile,
  startGeminiMock,
  type GeminiMock,
  type GeminiMockScenario,
} from './gemini-setup';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
const mocks: GeminiMock[] = [];

const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temp.push(dir);
  return dir;
};

type AnyEvent = ReturnType<typeof Event.parse>;
const ofType = <K extends AnyEvent['type']>(events: AnyEvent[], type: K) =>
  events.filter((e): e is Extract<AnyEvent, { type: K }> => e.type === type);

interface Run {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: AnyEvent[];
  mine: AnyEvent[];
  folder: string;
  repo: string;
  mock: GeminiMock;
}

/** One `orchestrate run --agents gemini` with the real CLI pointed at a fresh mock through the config only. */
async function runGemini(task: string, scenario: GeminiMockScenario): Promise<Run> {
  const mock = await startGeminiMock(scenario);
  mocks.push(mock);
  const dir = tempDir('orchestrator-gemini-contract-');
  const config = { agents: { gemini: geminiContractAgentConfig(mock.url, dir) } };
  const configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const repo = scratchRepo();
  temp.push(repo);
  const workspace = join(dir, 'sessions');
  const result = await execa(
    tsx,
    [
      entry,
      'run',
      task,
      '--repo',
      repo,
      '--config',
      configPath,
      '--agents',
      'gemini',
      '--json',
      '--plan',
      'template',
      '--workspace',
      workspace,
    ],
    { cwd: root, reject: false, stdin: 'ignore', stripFinalNewline: false },
  );
  const stdout = String(result.stdout);
  const events = splitLines(stdout).map((line) => Event.parse(JSON.parse(line)));
  const sessionId = events[0]?.sessionId;
  if (!sessionId) throw new Error(`orchestrate printed no events; stderr:\n${String(result.stderr)}`);
  return {
    exitCode: result.exitCode,
    stdout,
    stderr: String(result.stderr),
    events,
    mine: events.filter((e) => e.workerId === 'gemini'),
    folder: join(workspace, sessionId),
    repo,
    mock,
  };
}

/**
 * Lines of the real CLI that our parser did not understand: the adapter no longer matches the CLI, which is
 * exactly what this suite exists to catch, so it fails naming them.
 */
function assertEveryLineParsed(run: Run): string[] {
  const rawLines = splitLines(readFileSync(join(run.folder, 'workers', 'gemini', 'raw.jsonl'), 'utf8'));
  const unparsed = ofType(run.mine, 'raw').filter((e) => e.payload.reason !== 'ignored');
  if (unparsed.length > 0) {
    const named = unparsed.map(
      (e) => `  line ${e.lines?.from ?? '?'} (${e.payload.reason}): ${e.payload.line}`,
    );
    throw new Error(
      `gemini ${CLI_VERSIONS.gemini.version} printed lines the parser does not understand:\n${named.join('\n')}`,
    );
  }
  expect(uncoveredLines(run.mine, rawLines.length)).toEqual([]);
  return rawLines;
}

const streamCalls = (mock: GeminiMock) =>
  mock.requests.filter((r) => r.method === 'POST' && r.path.includes(':streamGenerateContent'));

beforeAll(async () => {
  // Its own home too: even --version leaves projects.json.*.tmp files in ~/.gemini (cli notes quirk 11).
  const home = tempDir('orchestrator-gemini-version-');
  const version = await execa(cliBinary('gemini'), ['--version'], {
    env: { GEMINI_CLI_HOME: home, GEMINI_CLI_NO_RELAUNCH: 'true' },
    stdin: 'ignore',
  });
  console.log(`gemini contract: ${CLI_VERSIONS.gemini.package} ${String(version.stdout).trim()}`);
  expect(String(version.stdout).trim()).toBe(CLI_VERSIONS.gemini.version);
});

afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  temp.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('the real gemini CLI as a worker, against the mock Gemini API', () => {
  const task = 'document the greeting feature';
  let run: Run;

  beforeAll(async () => {
    run = await runGemini(task, 'ok');
  });

  it('completes the session with exit 0', () => {
    expect(run.stderr).toMatch(/session folder: /);
    expect(run.exitCode).toBe(0);
    expect(run.events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'completed' } });
    const [started] = ofType(run.mine, 'worker_started');
    expect(started?.payload.command).toBe(cliBinary('gemini'));
    expect(started?.payload.args.slice(0, 5)).toEqual([
      '-o',
      'stream-json',
      '--approval-mode',
      'auto_edit',
      '--skip-trust',
    ]);
  });

  it('understands every line the CLI printed', () => {
    const rawLines = assertEveryLineParsed(run);
    expect(rawLines.length).toBeGreaterThan(3);
    const types = rawLines.map((line) => (JSON.parse(line) as { type: string }).type);
    expect(types[0]).toBe('init');
    expect(types.at(-1)).toBe('result');
    expect(types).toEqual(expect.arrayContaining(['message', 'tool_use', 'tool_result']));
  });

  it('reports the normalized events of a write, a milestone, usage and success', async () => {
    const rawLines = splitLines(readFileSync(join(run.folder, 'workers', 'gemini', 'raw.jsonl'), 'utf8'));
    const init = JSON.parse(rawLines[0]!) as { session_id: string };
    expect(ofType(run.mine, 'session_ref').map((e) => e.payload.ref)).toEqual([init.session_id]);
    expect(init.session_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const prompt = ofType(run.mine, 'message').find((e) => e.payload.role === 'user')?.payload.text ?? '';
    expect(prompt).toContain(`Task: ${task}`);
    const file = await geminiMockWorkFile(prompt);
    expect(file.path).toBe('gemini-work.md');

    const [toolUse] = ofType(run.mine, 'tool_use');
    expect(toolUse?.payload).toMatchObject({
      name: 'write_file',
      summary: `write ${file.path}`,
      input: { file_path: file.path, content: file.content },
    });
    expect(ofType(run.mine, 'tool_result').map((e) => [e.payload.toolId, e.payload.ok])).toEqual([
      [toolUse?.payload.toolId, true],
    ]);
    expect(ofType(run.mine, 'file_change').map((e) => e.payload)).toEqual([{ path: file.path, kind: 'add' }]);
    expect(ofType(run.mine, 'MILESTONE').map((e) => e.payload.summary)).toEqual([`${file.path} written`]);

    const [usage] = ofType(run.mine, 'usage');
    expect(usage?.payload.inputTokens).toBeGreaterThan(0);
    expect(usage?.payload.outputTokens).toBeGreaterThan(0);
    expect(ofType(run.mine, 'result').map((e) => e.payload.ok)).toEqual([true]);
    expect(ofType(run.mine, 'error')).toEqual([]);
    expect(ofType(run.mine, 'worker_exited')[0]?.payload.exitCode).toBe(0);
  });

  it('really wrote the file in its own worktree, leaving the checkout alone', async () => {
    const prompt = ofType(run.mine, 'message').find((e) => e.payload.role === 'user')?.payload.text ?? '';
    const file = await geminiMockWorkFile(prompt);
    const written = join(run.folder, 'worktrees', 'gemini', file.path);
    expect(readFileSync(written, 'utf8')).toBe(file.content);
    expect(file.content).toContain(task);
    expect(existsSync(join(run.repo, file.path))).toBe(false);
    expect(gitOut(run.repo, 'status', '--porcelain')).toBe('');
  });

  it('keeps the session folder of the contract', () => {
    expect(readFileSync(join(run.folder, 'events.jsonl'), 'utf8')).toBe(run.stdout);
    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(run.folder, 'summary.json'), 'utf8')));
    const ref = ofType(run.mine, 'session_ref')[0]?.payload.ref;
    expect(summary.status).toBe('completed');
    expect(summary.workers).toHaveLength(1);
    expect(summary.workers[0]).toMatchObject({
      workerId: 'gemini',
      agent: 'gemini',
      status: 'completed',
      exitCode: 0,
      sessionRef: ref,
      filesChanged: ['gemini-work.md'],
    });
    expect(summary.workers[0]?.tokens.input).toBeGreaterThan(0);
    expect(summary.workers[0]?.tokens.output).toBeGreaterThan(0);
  });

  it('talked to the mock: the router call, then the tool turn and the answer to it', () => {
    const paths = run.mock.requests.map((r) => `${r.method} ${r.path}`);
    // No -m in the config, so the CLI's model "auto" first asks the router model (cli notes §4.1).
    expect(paths[0]).toMatch(/^POST \/v1beta\/models\/[\w.-]+:generateContent$/);
    const streams = streamCalls(run.mock);
    expect(streams).toHaveLength(2);
    for (const call of streams) expect(call.path).toMatch(/:streamGenerateContent\?alt=sse$/);

    const first = streams[0]?.body as {
      tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
    };
    // auto_edit offers write_file headless; `default` would remove it (cli notes quirk 7).
    const offered = (first.tools ?? []).flatMap((t) => t.functionDeclarations ?? []).map((d) => d.name);
    expect(offered).toContain('write_file');
    expect(offered).not.toContain('run_shell_command');

    const second = JSON.stringify(streams[1]?.body);
    expect(second).toContain('"functionResponse"');
    expect(second).toContain('"name":"write_file"');
  });
});

describe('the real gemini CLI when the API refuses the key', () => {
  it('ends the worker failed with a fatal error carrying HTTP 401, after one attempt', async () => {
    const run = await runGemini('anything', 'http401');
    expect(run.exitCode).toBe(1);
    assertEveryLineParsed(run);

    const fatal = ofType(run.mine, 'error').filter((e) => e.payload.fatal);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]?.payload.httpStatus).toBe(401);
    expect(fatal[0]?.payload.message).toContain('API key not valid');
    expect(ofType(run.mine, 'result').map((e) => e.payload.ok)).toEqual([false]);
    // API errors exit with the HTTP status mod 256: 401 → 145 (cli notes quirk 3).
    expect(ofType(run.mine, 'worker_exited')[0]?.payload.exitCode).toBe(145);

    const final = ofType(run.mine, 'worker_status').at(-1)?.payload.status;
    expect(final).toBeOneOf(['failed', 'setup_required']);
    expect(run.events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'failed' } });

    // general.maxAttempts: 1 keeps the CLI from retrying with backoff (cli notes quirk 5).
    expect(streamCalls(run.mock)).toHaveLength(1);
  });
});
