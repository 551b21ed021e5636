import { execa } from 'execa';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event, SessionSummary, type EventType } from '../../src-shared/models';
import { denyRulesFor } from '../../src-main/security/deny-rules';
import { splitLines, uncoveredLines } from '../cli-fixtures';
import { scratchRepo } from '../scratch-repo';
import {
  claudeContractAgentConfig,
  startAnthropicMock,
  type AnthropicMock,
  type MockScenario,
} from './claude-setup';
import { CLI_VERSIONS, cliBinary } from './clis';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const MESSAGES_PATH = '/v1/messages?beta=true';

const temp: string[] = [];
const mocks: AnthropicMock[] = [];
afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()));
  temp.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const ofType = <K extends EventType>(events: readonly Event[], type: K): Event<K>[] =>
  events.filter((e): e is Event<K> => e.type === type);

interface Run {
  mock: AnthropicMock;
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: Event[];
  /** The claude worker's events. */
  mine: Event[];
  folder: string;
  worktree: string;
}

/** `orchestrate run` with only the real claude, configured as a user would, against a fresh mock. */
async function runClaude(scenario: MockScenario, task: string): Promise<Run> {
  const mock = await startAnthropicMock({ scenario });
  mocks.push(mock);
  const dir = mkdtempSync(join(tmpdir(), 'orchestrator-claude-contract-'));
  temp.push(dir);
  const repo = scratchRepo();
  temp.push(repo);
  const workspace = join(dir, 'sessions');
  const config = join(dir, 'cfg.json');
  writeFileSync(config, JSON.stringify({ agents: { claude: claudeContractAgentConfig(mock.url, dir) } }));
  const result = await execa(
    tsx,
    [
      entry,
      'run',
      task,
      '--repo',
      repo,
      '--config',
      config,
      '--agents',
      'claude',
      '--json',
      '--plan',
      'template',
      '--workspace',
      workspace,
    ],
    // stdout is compared byte for byte with events.jsonl, so its final newline is kept.
    { cwd: root, reject: false, stdin: 'ignore', stripFinalNewline: false },
  );
  const stdout = String(result.stdout);
  const events = splitLines(stdout).map((line) => Event.parse(JSON.parse(line)));
  const sessionId = events[0]?.sessionId ?? '<no events>';
  const folder = join(workspace, sessionId);
  return {
    mock,
    exitCode: result.exitCode,
    stdout,
    stderr: String(result.stderr),
    events,
    mine: events.filter((e) => e.workerId === 'claude'),
    folder,
    worktree: join(folder, 'worktrees', 'claude'),
  };
}

/**
 * Lines of the CLI the parser did not understand. Any such line means the real CLI's output drifted
 * from what the adapter's parser knows, so the test names them instead of passing over them.
 */
function unparsedLines(mine: readonly Event[]): string[] {
  return ofType(mine, 'raw')
    .filter((e) => e.payload.reason === 'unknown' || e.payload.reason === 'malformed')
    .map((e) => `raw.jsonl line ${e.lines?.from} (${e.payload.reason}): ${e.payload.line.slice(0, 300)}`);
}

function expectEveryLineParsed(mine: readonly Event[]): void {
  expect(unparsedLines(mine), 'the claude parser no longer matches the real CLI; unparsed lines').toEqual([]);
}

describe(`real claude ${CLI_VERSIONS.claude.version} as a worker against the Anthropic mock`, () => {
  beforeAll(() => {
    const version = execFileSync(cliBinary('claude'), ['--version'], { encoding: 'utf8' }).trim();
    console.log(`claude contract: ${cliBinary('claude')} --version → ${version}`);
    expect(version).toContain(CLI_VERSIONS.claude.version);
  });

  it('runs a work session: writes the file, reports milestone, usage and its session id', async () => {
    const task = 'add a CONTRIBUTING file';
    const run = await runClaude('ok', task);
    const { mine, worktree, folder } = run;
    expectEveryLineParsed(mine);
    expect(run.exitCode, run.stderr).toBe(0);

    // The launch is the user's config entry plus the adapter's headless flags.
    const [started] = ofType(mine, 'worker_started');
    expect(started?.payload.command).toBe(cliBinary('claude'));
    expect(started?.payload.args.slice(0, 6)).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--permission-mode',
      'acceptEdits',
    ]);
    // The security deny rules go to the real CLI as one --disallowedTools group; the session completing
    // below (exit 0, the Write done) shows this claude accepts the rule syntax.
    const deny = denyRulesFor('claude');
    const at = started?.payload.args.indexOf('--disallowedTools') ?? -1;
    expect(started?.payload.args.slice(at, at + deny.length)).toEqual(deny);
    expect(started?.payload.cwd).toBe(worktree);

    // The CLI's real session id: the init line's session_id, also sent to the mock on every request.
    const rawLines = splitLines(readFileSync(join(folder, 'workers', 'claude', 'raw.jsonl'), 'utf8'));
    const rawJson = rawLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rawJson[0]).toMatchObject({ type: 'system', subtype: 'init', cwd: worktree });
    const ref = rawJson[0]?.session_id;
    expect(ref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ofType(mine, 'session_ref').map((e) => e.payload.ref)).toEqual([ref]);

    const expectedPath = join(worktree, 'claude-work.md');
    const expectedContent = `# claude work\n\nTask: ${task}\n\nWritten by the Anthropic mock.\n`;
    const [toolUse] = ofType(mine, 'tool_use');
    expect(toolUse?.payload).toMatchObject({
      name: 'Write',
      input: { file_path: expectedPath, content: expectedContent },
    });
    expect(ofType(mine, 'tool_result').map((e) => [e.payload.toolId, e.payload.ok])).toEqual([
      [toolUse?.payload.toolId, true],
    ]);
    expect(ofType(mine, 'file_change').map((e) => e.payload)).toEqual([
      { path: 'claude-work.md', kind: 'add' },
    ]);
    const usage = ofType(mine, 'usage').at(-1)?.payload;
    expect(usage?.inputTokens).toBeGreaterThan(0);
    expect(usage?.outputTokens).toBeGreaterThan(0);
    expect(ofType(mine, 'MILESTONE').map((e) => e.payload.summary)).toEqual([
      `claude-work.md written for "${task}"`,
    ]);
    expect(ofType(mine, 'result').map((e) => e.payload.ok)).toEqual([true]);
    expect(ofType(mine, 'error')).toEqual([]);
    expect(ofType(mine, 'worker_status').at(-1)?.payload.status).toBe('completed');

    // The CLI's Write tool really created the file in the worker's own worktree.
    expect(readFileSync(expectedPath, 'utf8')).toBe(expectedContent);

    // The session folder: the printed log, the CLI's raw lines all accounted for, the summary.
    expect(readFileSync(join(folder, 'events.jsonl'), 'utf8')).toBe(run.stdout);
    expect(rawJson.at(-1)).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: false,
      session_id: ref,
    });
    expect(rawJson.filter((l) => l.type === 'assistant').length).toBeGreaterThanOrEqual(3);
    expect(uncoveredLines(mine, rawLines.length)).toEqual([]);
    // A clean run prints nothing on stderr (cli notes §4: warnings such as the stdin one land there).
    expect(readFileSync(join(folder, 'workers', 'claude', 'stderr.log'), 'utf8')).toBe('');
    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('completed');
    const worker = summary.workers.find((w) => w.workerId === 'claude');
    expect(worker).toMatchObject({ status: 'completed', exitCode: 0, sessionRef: ref });
    expect(worker?.filesChanged).toEqual(['claude-work.md']);
    expect(worker?.tokens.input).toBeGreaterThan(0);
    expect(worker?.tokens.output).toBeGreaterThan(0);

    // The CLI talked to the mock only: the prompt, then the Write's result (cli notes §5, two requests).
    const requests = run.mock.requests;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${MESSAGES_PATH}`,
      `POST ${MESSAGES_PATH}`,
    ]);
    for (const r of requests) {
      expect(r.headers['x-claude-code-session-id']).toBe(ref);
      expect(r.headers['user-agent']).toContain(`claude-cli/${CLI_VERSIONS.claude.version}`);
      expect(r.body).toMatchObject({ stream: true });
    }
    const lastMessages = (requests[1]?.body as { messages: Array<{ role: string; content: unknown }> })
      .messages;
    expect(JSON.stringify(lastMessages.filter((m) => m.role === 'user').at(-1)?.content)).toContain(
      `"tool_use_id":"${toolUse?.payload.toolId}"`,
    );
  });

  it('ends setup_required with a fatal 401 error when the API rejects the key, without retrying', async () => {
    const run = await runClaude('http401', 'add a CONTRIBUTING file');
    const { mine } = run;
    expectEveryLineParsed(mine);
    expect(run.exitCode, run.stderr).toBe(1);

    const fatal = ofType(mine, 'error').filter((e) => e.payload.fatal);
    expect(fatal.map((e) => [e.payload.code, e.payload.httpStatus])).toEqual([
      ['authentication_failed', 401],
    ]);
    expect(ofType(mine, 'result').map((e) => e.payload.ok)).toEqual([false]);
    // A rejected key is a setup problem with a fix to name, not a run to retry.
    expect(ofType(mine, 'worker_status').at(-1)?.payload.status).toBe('setup_required');
    expect(ofType(mine, 'recovery_action').map((e) => e.payload.action.kind)).toEqual(['setup_required']);
    expect(ofType(mine, 'file_change')).toEqual([]);
    expect(existsSync(join(run.worktree, 'claude-work.md'))).toBe(false);

    const summary = SessionSummary.parse(JSON.parse(readFileSync(join(run.folder, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('failed');
    expect(summary.workers.map((w) => [w.workerId, w.status, w.exitCode])).toEqual([
      ['claude', 'setup_required', 1],
    ]);
    // CLAUDE_CODE_MAX_RETRIES=0 in the config: one request, no retry lines.
    expect(run.mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${MESSAGES_PATH}`]);
    expect(ofType(mine, 'error').filter((e) => e.payload.retrying)).toEqual([]);
  });
});
