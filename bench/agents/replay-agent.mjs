#!/usr/bin/env node
/**
 * Replay agent: stands in for a real coding CLI in the benchmarks. It prints the headless JSONL of one CLI
 * format — lines taken from the real CLIs' recorded sessions in test/fixtures/cli, with ids and texts varied
 * per line — as fast as asked, then a normal final result line of that format, and exits 0. Plain Node, no
 * dependencies; its argv (the adapter's flags and the prompt) is ignored.
 *
 * Environment
 *   REPLAY_FORMAT=claude|codex|gemini  which CLI's stream format (default claude)
 *   REPLAY_LINES=<count>               stdout lines in all, header and final result included (default 1000, min 3)
 *   REPLAY_RATE=<lines per second>     0 = flat out (default 0)
 *   REPLAY_TICK_MS=<ms>                with a rate: write what is due every this many ms (default 1000/rate,
 *                                      between 1 and 20: one line per write at 200 lines/s)
 *   REPLAY_BIG_EVERY=<N>               every Nth line is a ~1 MB tool-result line; 0 = none (default 0)
 *   REPLAY_BIG_BYTES=<bytes>           size of those lines (default 1 MiB)
 *   REPLAY_STAMP=1                     embed the wall clock at write time in assistant text (see below)
 *   REPLAY_FIXTURES=<dir>              the recorded sessions (default: test/fixtures/cli of this checkout)
 *   REPLAY_FIRST_WRITE=<file>          write Date.now() of the first stdout write there (start-up timing)
 *
 * Stamps. With REPLAY_STAMP=1 every assistant-text line (claude `assistant` text block, codex
 * `agent_message`, gemini assistant `message`) ends its text with ` [replay-stamp:<Date.now()>]`, taken just
 * before the line is written. Downstream the text shows up in the normalized `message` event
 * (payload.text), so `/\[replay-stamp:(\d+)\]/.exec(event.payload.text)` gives the write time in ms since the
 * epoch; subtract it from Date.now() where the event arrives. Gemini's parser joins consecutive text deltas
 * into one message, which can then carry several stamps: the first (the oldest) is the conservative one.
 *
 * Running it as a worker. The config's per-agent `command` replaces a CLI's executable (ARCHITECTURE §6),
 * and its `env` reaches the process, so no code change is needed:
 *   { "agents": { "claude": { "command": "/path/to/bench/agents/replay-agent.mjs",
 *                             "env": { "REPLAY_FORMAT": "claude", "REPLAY_LINES": "10000" } } } }
 * The file must be executable (it has a `#!/usr/bin/env node` line); where the mode bit was lost, or to pin
 * the Node binary, point `command` at a two-line wrapper: `#!/bin/sh` / `exec /path/to/node replay-agent.mjs "$@"`
 * (bench/harness.ts writes one: replayCommand()). Run the session in a plain directory (no git: no
 * worktrees) with the template plan and review off, so that only the replayed lines flow.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const env = process.env;
const FORMAT = env.REPLAY_FORMAT ?? 'claude';
const LINES = Math.max(3, intEnv('REPLAY_LINES', 1000));
const RATE = intEnv('REPLAY_RATE', 0);
const BIG_EVERY = intEnv('REPLAY_BIG_EVERY', 0);
const BIG_BYTES = intEnv('REPLAY_BIG_BYTES', 1 << 20);
const STAMP = env.REPLAY_STAMP === '1';
/** Paths the agent 'edits' are inside its working directory: outside, the orchestrator's guard would stop it. */
const CWD = process.cwd();
const FIXTURES = env.REPLAY_FIXTURES ?? fileURLToPath(new URL('../../test/fixtures/cli/', import.meta.url));

function intEnv(name, fallback) {
  const value = Number(env[name] ?? '');
  return env[name] !== undefined && env[name] !== '' && Number.isFinite(value) && value >= 0
    ? Math.floor(value)
    : fallback;
}

/** The recorded lines of one fixture file (JSONL), parsed. */
function recorded(file) {
  return readFileSync(FIXTURES + file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

/**
 * A template is a recorded line with some values swapped for @@KEY@@ markers, serialized once and cut at
 * the markers, so a varied line costs a string join. Values substituted must not need JSON escaping.
 */
function compile(line) {
  const parts = JSON.stringify(line).split(/@@(\w+)@@/);
  return (vars) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += vars[parts[i]] + parts[i + 1];
    return out;
  };
}

const clone = (value) => JSON.parse(JSON.stringify(value));

const TEXTS = [
  "I'll look at the existing module layout before changing anything.",
  'The tests for the parser cover the happy path only; adding the edge cases now.',
  'Running the test suite to check nothing else depends on the old behaviour.',
  'That failure is unrelated: the fixture expects a trailing newline.',
  'Updating the documentation to match the new option name.',
  'Next I will refactor the helper so both call sites share it.',
];
/** How many distinct files the agent edits, round robin (an agent touches a bounded set of files). */
const FILES = 200;
const COMMANDS = ['npm test', 'ls src', 'git status --short', 'cat package.json', 'npx tsc --noEmit'];

/** ~1 MB of file content, JSON-escaped, as a tool would return it. */
function bigContent() {
  const rows = [];
  let size = 0;
  for (let i = 0; size < BIG_BYTES; i++) {
    const row = `export function helper${i}(value: number): number { return value * ${i} + ${i % 7}; }\\n`;
    rows.push(row);
    size += row.length;
  }
  return rows.join('').slice(0, BIG_BYTES);
}

/** Per format: header lines, the body cycle, the ~1 MB tool result and the final line, as templates. */
function formatTemplates(format) {
  const session = randomUUID();
  if (format === 'claude') {
    const rec = recorded('claude/session-write.jsonl');
    const [init, text, toolUse, toolResult, , result] = rec;
    const base = (l) => ({ ...clone(l), session_id: session, uuid: '00000000-0000-4000-8000-@@UUID@@' });
    const textLine = base(text);
    textLine.message.id = 'msg_replay_@@N@@';
    textLine.message.content[0].text = '@@TEXT@@';
    const write = base(toolUse);
    write.message.id = 'msg_replay_@@N@@';
    write.message.content[0].id = 'toolu_replay_@@C@@w';
    write.message.content[0].input.file_path = `${CWD}/src/file-@@F@@.ts`;
    const writeResult = base(toolResult);
    writeResult.message.content[0].tool_use_id = 'toolu_replay_@@C@@w';
    writeResult.message.content[0].content = `File created successfully at: ${CWD}/src/file-@@F@@.ts`;
    if (writeResult.tool_use_result) writeResult.tool_use_result.filePath = `${CWD}/src/file-@@F@@.ts`;
    const bash = base(toolUse);
    bash.message.id = 'msg_replay_@@N@@';
    bash.message.content[0] = {
      type: 'tool_use',
      id: 'toolu_replay_@@C@@b',
      name: 'Bash',
      input: { command: '@@CMD@@', description: 'Run a command' },
    };
    const bashResult = base(toolResult);
    bashResult.message.content[0] = {
      tool_use_id: 'toolu_replay_@@C@@b',
      type: 'tool_result',
      content: 'ok @@N@@: 42 tests passed',
      is_error: false,
    };
    const thinking = base(text);
    thinking.message.id = 'msg_replay_@@N@@';
    thinking.message.content[0] = { type: 'thinking', thinking: 'Considering step @@N@@ of the plan.' };
    const big = base(toolResult);
    big.message.content[0] = {
      tool_use_id: 'toolu_replay_big_@@N@@',
      type: 'tool_result',
      content: '@@BIG@@',
    };
    delete big.tool_use_result;
    const final = { ...clone(result), session_id: session, result: 'Done.' };
    return {
      header: [compile({ ...clone(init), cwd: CWD, session_id: session })],
      body: [textLine, write, writeResult, thinking, bash, bashResult].map(compile),
      stamped: new Set([0]),
      big: compile(big),
      final: compile(final),
    };
  }
  if (format === 'codex') {
    const rec = recorded('codex/session-shell.jsonl');
    const [threadStarted, turnStarted, reasoning, cmdStarted, cmdDone, message, turnDone] = rec;
    const vary = (l, mutate) => {
      const c = clone(l);
      c.item.id = 'item_@@N@@';
      mutate?.(c.item);
      return c;
    };
    const patch = recorded('codex/examples.jsonl').filter((l) => l.item?.type === 'file_change');
    const [patchStarted, patchDone] = patch;
    const setPath = (item) => (item.changes = [{ path: `${CWD}/src/file-@@F@@.ts`, kind: 'update' }]);
    const body = [
      vary(reasoning, (i) => (i.text = '**Step @@N@@** Considering the next change.')),
      vary(cmdStarted, (i) => {
        i.id = 'item_@@C@@_cmd';
        i.command = "/bin/bash -lc '@@CMD@@'";
      }),
      vary(cmdDone, (i) => {
        i.id = 'item_@@C@@_cmd';
        i.command = "/bin/bash -lc '@@CMD@@'";
        i.aggregated_output = 'ok @@N@@: 42 tests passed\n';
      }),
      vary(patchStarted, (i) => {
        i.id = 'item_@@C@@_patch';
        setPath(i);
      }),
      vary(patchDone, (i) => {
        i.id = 'item_@@C@@_patch';
        setPath(i);
      }),
      vary(message, (i) => (i.text = '@@TEXT@@')),
    ];
    const big = vary(cmdDone, (i) => {
      i.id = 'item_big_@@N@@';
      i.command = "/bin/bash -lc 'cat src/generated.ts'";
      i.aggregated_output = '@@BIG@@';
    });
    return {
      header: [compile({ ...threadStarted, thread_id: session }), compile(turnStarted)],
      body: body.map(compile),
      stamped: new Set([5]),
      big: compile(big),
      final: compile(turnDone),
    };
  }
  if (format === 'gemini') {
    const write = recorded('gemini/session-write.jsonl');
    const shell = recorded('gemini/cases/shell/stdout');
    const [init, user, delta, writeUse, writeResult, , , result] = write;
    const [, , shellUse, shellResult] = shell;
    const ts = (l) => ({ ...clone(l), timestamp: '2026-11-25T15:32:05.@@MS@@Z' });
    const body = [
      { ...ts(delta), content: '@@TEXT@@' },
      {
        ...ts(writeUse),
        tool_id: 'write_file_@@C@@',
        parameters: { file_path: 'src/file-@@F@@.ts', content: 'export {};\n' },
      },
      { ...ts(writeResult), tool_id: 'write_file_@@C@@' },
      {
        ...ts(shellUse),
        tool_id: 'run_shell_command_@@C@@',
        parameters: { command: '@@CMD@@', description: 'Run a command.' },
      },
      { ...ts(shellResult), tool_id: 'run_shell_command_@@C@@', output: 'ok @@N@@: 42 tests passed' },
    ];
    const big = { ...ts(shellResult), tool_id: 'read_file_big_@@N@@', output: '@@BIG@@' };
    return {
      header: [compile({ ...init, session_id: session }), compile(user)],
      body: body.map(compile),
      stamped: new Set([0]),
      big: compile(big),
      final: compile(result),
    };
  }
  throw new Error(`replay-agent: unknown REPLAY_FORMAT "${format}" (claude, codex or gemini)`);
}

const templates = formatTemplates(FORMAT);
const BIG = BIG_EVERY > 0 ? bigContent() : '';
const uuidTail = (n) => n.toString(16).padStart(12, '0').slice(-12);

/**
 * The lines in order, one call each. A ~1 MB line is put in between body lines (it takes no body slot), so
 * every tool_use still meets its own tool_result: ids are numbered by body cycle (C), lines by number (N).
 */
let bodyIndex = 0;
function lineAt(k) {
  if (k <= templates.header.length) return templates.header[k - 1]({}) + '\n';
  if (k === LINES) return templates.final({}) + '\n';
  const vars = { N: k, MS: String(k % 1000).padStart(3, '0'), UUID: uuidTail(k) };
  if (BIG_EVERY > 0 && k % BIG_EVERY === 0) return templates.big({ ...vars, BIG }) + '\n';
  const slot = bodyIndex % templates.body.length;
  vars.C = Math.floor(bodyIndex / templates.body.length);
  bodyIndex += 1;
  vars.TEXT =
    `${TEXTS[vars.C % TEXTS.length]} (step ${k})` +
    (STAMP && templates.stamped.has(slot) ? ` [replay-stamp:${Date.now()}]` : '');
  vars.CMD = COMMANDS[vars.C % COMMANDS.length];
  vars.F = vars.C % FILES;
  return templates.body[slot](vars) + '\n';
}

let firstWrite = true;

/** stdout is a pipe (synchronous on Linux) or a file: writeSync on fd 1, retried on EAGAIN. */
function write(text) {
  if (firstWrite) {
    firstWrite = false;
    if (env.REPLAY_FIRST_WRITE) writeFileSync(env.REPLAY_FIRST_WRITE, String(Date.now()));
  }
  const buffer = Buffer.from(text);
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(1, buffer, offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

const CHUNK = 256 * 1024;

function flatOut() {
  let chunk = '';
  for (let k = 1; k <= LINES; k++) {
    chunk += lineAt(k);
    if (chunk.length >= CHUNK) {
      write(chunk);
      chunk = '';
    }
  }
  if (chunk) write(chunk);
}

function paced() {
  const start = performance.now();
  const tickMs = Number(env.REPLAY_TICK_MS) || Math.min(20, Math.max(1, 1000 / RATE));
  let next = 1;
  const tick = () => {
    const due = Math.min(LINES, Math.floor(((performance.now() - start) * RATE) / 1000) + 1);
    let chunk = '';
    for (; next <= due; next++) chunk += lineAt(next);
    if (chunk) write(chunk);
    if (next <= LINES) setTimeout(tick, tickMs);
  };
  tick();
}

if (RATE > 0) paced();
else flatOut();
