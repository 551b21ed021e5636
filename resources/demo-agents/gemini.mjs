#!/usr/bin/env node
// @ts-check
/**
 * Demo stand-in for `gemini -o stream-json` (Gemini CLI 0.61): same argv, same JSONL on stdout, same exit
 * codes, no network and no API key. It really edits its working directory: a CHANGELOG.md entry and a
 * change note under changes/. Format and quirks: the gemini CLI notes §2, §3, §5.
 *
 * Env: ORCHESTRATOR_DEMO_DELAY_MS (150), ORCHESTRATOR_DEMO_SCENARIO (normal|slow|crash|malformed|error|
 * server-error|hang),
 * ORCHESTRATOR_DEMO_VERDICT (approve|concern|blocker|invalid).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { demoVerdict, finding, planFor, planJson } from './lib/answers.mjs';
import { inside, reviewedFile, visibleFiles, words, writeInside } from './lib/files.mjs';
import { refuse, write, writeJsonLine } from './lib/output.mjs';
import { enabledAgents, promptKind, taskOf } from './lib/prompt.mjs';
import { keepPromptCopy, readStdin } from './lib/stdin-prompt.mjs';
import { delayMs as delay, hangForever, scenario, sleep, tearAndExit } from './lib/scenario.mjs';

const MODEL = 'demo-gemini';

/**
 * @typedef {{ prompt: string | null, model: string | null, resume: string | null,
 *   approvalMode: string, outputFormat: string }} Argv
 * @typedef {Record<string, unknown>} Json
 */

/** Gemini's flags that take a value (its --help); every other flag is read as a boolean. */
const VALUE_FLAGS = new Set([
  '-p',
  '--prompt',
  '-m',
  '--model',
  '-o',
  '--output-format',
  '--approval-mode',
  '--include-directories',
  '-e',
  '--extensions',
  '--allowed-mcp-server-names',
  '--allowed-tools',
  '--policy',
  '--admin-policy',
  '--session-id',
  '--session-file',
  '-i',
  '--prompt-interactive',
  '-w',
  '--worktree',
]);

/**
 * @param {string[]} argv
 * @returns {Argv}
 */
function parseArgv(argv) {
  /** @type {Argv} */
  const out = { prompt: null, model: null, resume: null, approvalMode: 'default', outputFormat: 'text' };
  /** @type {string[]} */
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const eq = arg.startsWith('-') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    /** @returns {string | null} */
    const value = () => (eq > 0 ? arg.slice(eq + 1) : (argv[++i] ?? null));
    if (flag === '-p' || flag === '--prompt') out.prompt = value();
    else if (flag === '-m' || flag === '--model') out.model = value();
    else if (flag === '-o' || flag === '--output-format') out.outputFormat = value() ?? 'text';
    else if (flag === '--approval-mode') out.approvalMode = value() ?? 'default';
    else if (flag === '-y' || flag === '--yolo') out.approvalMode = 'yolo';
    else if (flag === '-r' || flag === '--resume') {
      // --resume takes an optional value, like yargs does for gemini.
      const next = eq > 0 ? arg.slice(eq + 1) : argv[i + 1];
      if (eq < 0 && next !== undefined && !next.startsWith('-')) i++;
      out.resume = next !== undefined && !next.startsWith('-') ? next : 'latest';
    } else if (VALUE_FLAGS.has(flag)) value();
    else if (!arg.startsWith('-')) positionals.push(arg);
  }
  if (out.prompt === null && positionals.length) out.prompt = positionals.join(' ');
  return out;
}

const args = parseArgv(process.argv.slice(2));
const cwd = process.cwd();
const streaming = args.outputFormat === 'stream-json';
const startedAt = Date.now();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const sessionId = args.resume && UUID.test(args.resume) ? args.resume : randomUUID();
let toolCalls = 0;
/** @type {string[]} */
let lastText = [];

/** One stream-json line, then the pause a model would take. */
async function emit(/** @type {Json} */ event, pause = delay) {
  const { type, ...rest } = event;
  if (streaming) await writeJsonLine({ type, timestamp: new Date().toISOString(), ...rest });
  await sleep(pause);
}

/** Assistant text as gemini streams it: `delta:true` fragments, one per SSE chunk (cli notes quirk 14). */
async function say(/** @type {string[]} */ fragments) {
  lastText = fragments;
  for (const content of fragments)
    await emit({ type: 'message', role: 'assistant', content, delta: true }, delay / 3);
}

/** The malformed scenario slips lines a parser cannot read between valid ones. */
async function noise(/** @type {string} */ line) {
  if (scenario === 'malformed' && streaming) await write(`${line}\n`);
}

/** The crash scenario tears a line in half and dies, as a killed process would. */
async function crashPoint() {
  if (scenario !== 'crash') return;
  await tearAndExit(`{"type":"tool_use","timestamp":"${new Date().toISOString()}","tool_name":"write_fi`);
}

/**
 * @param {string} name
 * @param {Json} parameters
 * @param {() => { output?: string, error?: { type: string, message: string } }} run
 */
async function tool(name, parameters, run) {
  const toolId = `${name}__${name}_${Date.now()}_${toolCalls++}`;
  await emit({ type: 'tool_use', tool_name: name, tool_id: toolId, parameters });
  const { output, error } = run();
  const status = error ? 'error' : 'success';
  const shown = error ? error.message : output;
  await emit({
    type: 'tool_result',
    tool_id: toolId,
    status,
    ...(shown !== undefined ? { output: shown } : {}),
    ...(error ? { error } : {}),
  });
  return !error;
}

/** Headless default and plan modes offer no write tools (cli notes quirk 7). */
const canWrite = () => args.approvalMode === 'auto_edit' || args.approvalMode === 'yolo';

/** @param {string} name */
const notRegistered = (name) => ({
  error: {
    type: 'tool_not_registered',
    message: `Tool "${name}" not found. Did you mean one of: "read_file", "update_topic", "grep_search"?`,
  },
});

/** Writes a file of the working directory: the demo never writes elsewhere. */
const writeFile = (/** @type {string} */ rel, /** @type {string} */ content) =>
  writeInside(cwd, rel, content);

/** The task of a prompt: gemini's demo reads no markdown heading and cuts a long task without "…". */
const taskIn = (/** @type {string} */ prompt) => taskOf(prompt, { headings: false, ellipsis: false });

/** The change note's name: the task's first six words, stop words and all. */
const slugOf = (/** @type {string} */ text) => words(text).slice(0, 6).join('-').slice(0, 48) || 'change';

const listing = () => ({ output: `Listed ${visibleFiles(cwd).length} item(s).` });

async function workRun(/** @type {string} */ prompt) {
  const task = taskIn(prompt);
  const note = `changes/${slugOf(task)}.md`;
  const entry = `- ${task} (see ${note})\n`;
  await say(["I'll record this task in the changelog", ' and add a change note for reviewers.']);
  await crashPoint();
  await tool('list_directory', { dir_path: '.' }, listing);
  await noise('Loaded cached credentials.');

  let wrote = 0;
  if (existsSync(inside(cwd, 'CHANGELOG.md'))) {
    const before = readFileSync(inside(cwd, 'CHANGELOG.md'), 'utf8');
    // Anchor on an existing Unreleased heading, else on the title line, as a model would.
    const unreleased = /^## Unreleased\n\n?/m.exec(before)?.[0];
    const oldString = unreleased ?? before.split('\n')[0] ?? '';
    const newString = unreleased ? `${unreleased}${entry}` : `${oldString}\n\n## Unreleased\n\n${entry}`;
    await tool('read_file', { file_path: 'CHANGELOG.md' }, () => ({}));
    const ok = await tool(
      'replace',
      {
        file_path: 'CHANGELOG.md',
        instruction: 'Add an Unreleased entry for this task.',
        old_string: oldString,
        new_string: newString,
      },
      () => {
        if (!canWrite()) return notRegistered('replace');
        writeFile('CHANGELOG.md', before.replace(oldString, newString));
        return {};
      },
    );
    wrote += ok ? 1 : 0;
  } else {
    const content = `# Changelog\n\n## Unreleased\n\n${entry}`;
    const ok = await tool('write_file', { file_path: 'CHANGELOG.md', content }, () => {
      if (!canWrite()) return notRegistered('write_file');
      writeFile('CHANGELOG.md', content);
      return {};
    });
    wrote += ok ? 1 : 0;
  }
  await noise('{"type":"tool_result","timestamp":"2026-11-25T15:32:05.568Z","tool_id":"write_f');

  const noteText = `# ${task}\n\nRecorded by the demo Gemini agent on ${new Date().toISOString().slice(0, 10)}.\n\n- What: ${task}\n- Where: CHANGELOG.md, Unreleased section\n`;
  const ok = await tool('write_file', { file_path: note, content: noteText }, () => {
    if (!canWrite()) return notRegistered('write_file');
    writeFile(note, noteText);
    return {};
  });
  wrote += ok ? 1 : 0;

  if (args.approvalMode === 'yolo') {
    await tool('run_shell_command', { command: 'ls changes', description: 'List the change notes.' }, () => ({
      output: readdirSync(inside(cwd, 'changes')).join('\n'),
    }));
  }

  if (wrote === 0) {
    await say([
      `I could not edit files: write tools are not available in approval mode ${args.approvalMode}.\nBLOC`,
      `KER: need --approval-mode auto_edit to write CHANGELOG.md\n`,
      'Nothing was changed.',
    ]);
    return;
  }
  await say([
    `Updated CHANGELOG.md and added ${note}.\nMILE`,
    `STONE: changelog entry and change note for "${task}"\n`,
    'Done.',
  ]);
}

/** Who does what in gemini's plan. */
const ROLES = {
  claude: {
    title: 'Main change',
    instructions: 'Write the main document or code change for the task.',
    scope: ['README.md', 'src/'],
  },
  codex: {
    title: 'Checks and docs',
    instructions: 'Add a docs/ note and a check that verifies the change.',
    scope: ['docs/', 'test/'],
  },
  gemini: {
    title: 'Changelog and notes',
    instructions: 'Record the change in CHANGELOG.md and a note under changes/.',
    scope: ['CHANGELOG.md', 'changes/'],
  },
};

async function planRun(/** @type {string} */ prompt) {
  const agents = enabledAgents(prompt);
  const plan = planFor(taskIn(prompt), agents, ROLES, {
    title: 'Supporting work',
    instructions: 'Help with the parts the others do not cover.',
    scope: ['.'],
  });
  await tool('list_directory', { dir_path: '.' }, listing);
  await crashPoint();
  const json = planJson(plan);
  const cut = Math.floor(json.length / 2);
  await say([
    `Here is the plan for ${agents.length} agents.\n\`\`\`json\n`,
    json.slice(0, cut),
    `${json.slice(cut)}\n\`\`\``,
  ]);
}

async function reviewRun() {
  const verdict = demoVerdict();
  await say(['Reviewing the changes', ' in this worktree.']);
  await tool('list_directory', { dir_path: '.' }, listing);
  await crashPoint();
  const file = reviewedFile(cwd, ['CHANGELOG.md']);
  if (existsSync(inside(cwd, file))) await tool('read_file', { file_path: file }, () => ({}));
  if (verdict === 'invalid') {
    await say(['The changes look mostly fine to me,', ' though I would tidy a few things before merging.']);
    return;
  }
  /** @type {Record<string, import('./lib/answers.mjs').Finding>} */
  const findings = {
    concern: finding('medium', file, {
      message: 'The entry does not say why the change was made.',
      suggestion: 'Add one sentence on the motivation.',
    }),
    blocker: finding('critical', file, {
      message: 'The change breaks the documented format of this file.',
      suggestion: 'Restore the format and re-apply the change.',
    }),
  };
  const found = findings[verdict];
  const summary =
    verdict === 'approve'
      ? 'The change is small, focused and matches the task.'
      : `One ${verdict} in ${file}.`;
  const json = JSON.stringify({
    verdict: found ? verdict : 'approve',
    summary,
    findings: found ? [found] : [],
  });
  const cut = Math.floor(json.length / 2);
  await say([json.slice(0, cut), json.slice(cut)]);
}

/** @param {number} input @param {number} output @param {number} cached */
function stats(input, output, cached) {
  const tokens = {
    total_tokens: input + output,
    input_tokens: input,
    output_tokens: output,
    cached,
    input: input - cached,
  };
  return {
    ...tokens,
    duration_ms: Date.now() - startedAt,
    tool_calls: toolCalls,
    models: { [MODEL]: tokens },
  };
}

/** Ends like a real 429 after the retries (cli notes §3, err-http-429): result error on stdout, exit 173. */
async function apiError() {
  const body =
    '{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}';
  for (const attempt of [1, 2]) {
    process.stderr.write(
      `Attempt ${attempt} failed with status 429. Retrying with backoff... _ApiError: ${body}\n`,
    );
    await sleep(delay);
  }
  process.stderr.write(
    'Attempt 3 failed: Resource has been exhausted (e.g. check quota).. Max attempts reached\n',
  );
  const message =
    '[API Error: Resource has been exhausted (e.g. check quota).]\nPlease wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method';
  await emit({ type: 'result', status: 'error', error: { type: 'unknown', message }, stats: stats(0, 0, 0) });
  if (!streaming) process.stderr.write(`${message}\n`);
  process.exitCode = 173;
}

/**
 * Ends like a real HTTP 500 on every request (cli notes §3, err-http-500): "Attempt N failed with status 500"
 * on stderr, the API error as the result, exit 244 (500 mod 256). The session was never saved, so a resume
 * of it fails the way gemini's does (exit 42).
 */
async function serverError() {
  if (args.resume) {
    process.stderr.write('Error resuming session: No previous sessions found for this project.\n');
    process.exitCode = 42;
    return;
  }
  const body = '{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}';
  for (const attempt of [1, 2]) {
    process.stderr.write(
      `Attempt ${attempt} failed with status 500. Retrying with backoff... _ApiError: ${body}\n`,
    );
    await sleep(delay);
  }
  process.stderr.write('Attempt 3 failed: Internal error encountered.. Max attempts reached\n');
  const message = `[API Error: ${body}]`;
  await emit({ type: 'result', status: 'error', error: { type: 'unknown', message }, stats: stats(0, 0, 0) });
  if (!streaming) process.stderr.write(`${message}\n`);
  process.exitCode = 244;
}

async function main() {
  if (scenario === 'server-error' && args.resume) return serverError();
  // Like the real CLI, text piped on stdin goes in front of the -p prompt.
  const piped = await readStdin();
  const prompt = piped ? `${piped}\n\n${args.prompt ?? ''}` : args.prompt;
  if (prompt === null || prompt.trim() === '')
    return refuse(
      'No input provided via stdin. Input can be provided by piping data into gemini or using the --prompt option.',
      1,
    );
  if (args.approvalMode === 'yolo') {
    process.stderr.write('YOLO mode is enabled. All tool calls will be automatically approved.\n'.repeat(2));
  }
  await emit({ type: 'init', session_id: sessionId, model: MODEL });
  keepPromptCopy('gemini', prompt);
  await emit({ type: 'message', role: 'user', content: prompt });
  if (scenario === 'hang') return hangForever();
  if (scenario === 'error') return apiError();
  if (scenario === 'server-error') return serverError();
  await noise('Warning: demo stdout noise, not JSON');

  const kind = promptKind(prompt);
  if (kind === 'review') await reviewRun();
  else if (kind === 'plan') await planRun(prompt);
  else await workRun(prompt);

  const output = Math.ceil(lastText.join('').length / 4) + 20;
  const cached = args.resume ? 1024 : 0;
  await emit({
    type: 'result',
    status: 'success',
    stats: stats(1800 + Math.ceil(prompt.length / 4) + cached, output, cached),
  });
  if (!streaming) await write(`${lastText.join('')}\n`);
}

await main();
