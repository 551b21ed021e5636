#!/usr/bin/env node
// @ts-check
/**
 * Demo stand-in for `claude -p … --output-format stream-json --verbose` (Claude Code 2.1.332 as recorded in
 * test/fixtures/cli/claude): same argv, same JSONL on stdout (one assistant line per content block, several
 * sharing message.id; final totals only on `result`), no model and no network. On a work prompt it really
 * writes the main document in its working directory; it answers plan and review prompts with the JSON the
 * orchestrator asks for, and can play the CLI's failures.
 *
 * env: ORCHESTRATOR_DEMO_DELAY_MS (150) between events; ORCHESTRATOR_DEMO_SCENARIO normal|slow|crash|malformed|
 * error|hang; ORCHESTRATOR_DEMO_VERDICT approve|concern|blocker|invalid for review prompts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { walkArgv } from './lib/argv.mjs';
import { DEMO_ROLES, demoVerdict, planFor, planReply, verdictReply } from './lib/answers.mjs';
import { inside, keywords, reviewedFile, STOP_WORDS, visibleFiles, writeInside } from './lib/files.mjs';
import { refuse, runMain, write, writeJsonLine } from './lib/output.mjs';
import { enabledAgents, promptKind, taskOf } from './lib/prompt.mjs';
import { keepPromptCopy, readStdin } from './lib/stdin-prompt.mjs';
import { delayMs, hangForever, scenario, sleep, tearAndExit } from './lib/scenario.mjs';

const MODEL = 'demo-claude';

/** Options of `claude` that take one value, several values (commander variadic) or an optional one. */
const VALUE_FLAGS = new Set(
  (
    '--output-format --input-format --permission-mode --model --fallback-model --session-id ' +
    '--max-turns --max-budget-usd --system-prompt --append-system-prompt --settings ' +
    '--setting-sources --effort --json-schema --debug-file --permission-prompt-tool ' +
    '--permission-prompts --agents'
  ).split(' '),
);
const LIST_FLAGS = new Set(
  (
    '--add-dir --allowedTools --allowed-tools --disallowedTools --disallowed-tools --tools ' +
    '--mcp-config --betas --plugin-dir'
  ).split(' '),
);
const OPTIONAL_VALUE_FLAGS = new Set(['-r', '--resume', '-d', '--debug']);
/** Modes in which -p lets Write through without asking (cli notes §4: default mode denies it). */
const WRITING_MODES = new Set(['acceptEdits', 'bypassPermissions', 'auto']);

/**
 * @typedef {{ print: boolean, verbose: boolean, format: string, mode: string, skipPermissions: boolean,
 *   allowed: string[], disallowed: string[], resume: string | null, sessionId: string | null, prompt: string | null }} Argv
 */

/** Parses like commander does for the real CLI: a variadic option eats values up to the next "-…" arg. @param {string[]} argv */
function parseArgv(argv) {
  /** @type {Argv} */
  const out = {
    print: false,
    verbose: false,
    format: 'text',
    mode: 'default',
    skipPermissions: false,
    allowed: [],
    disallowed: [],
    resume: null,
    sessionId: null,
    prompt: null,
  };
  const positionals = walkArgv(argv, (name, inline, rest) => {
    /** @type {string[]} */
    const values = inline === null ? [] : [inline];
    if (inline === null && VALUE_FLAGS.has(name)) values.push(rest.take());
    else if (inline === null && OPTIONAL_VALUE_FLAGS.has(name) && rest.hasValue()) values.push(rest.take());
    else if (inline === null && LIST_FLAGS.has(name)) while (rest.hasValue()) values.push(rest.take());
    const value = values[0] ?? null;
    if (name === '-p' || name === '--print') out.print = true;
    else if (name === '--verbose') out.verbose = true;
    else if (name === '--output-format') out.format = value ?? out.format;
    else if (name === '--permission-mode') out.mode = value ?? out.mode;
    else if (name === '--dangerously-skip-permissions') out.skipPermissions = true;
    else if (name === '--allowedTools' || name === '--allowed-tools') out.allowed.push(...values);
    else if (name === '--disallowedTools' || name === '--disallowed-tools') out.disallowed.push(...values);
    else if (name === '-r' || name === '--resume') out.resume = value;
    else if (name === '--session-id') out.sessionId = value;
  });
  out.prompt = positionals[0] ?? null;
  return out;
}

/** Whether a Write would run without a prompt in -p mode. @param {Argv} args */
function canWrite(args) {
  const names = (/** @type {string[]} */ list) => list.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  if (names(args.disallowed).includes('Write')) return false;
  return args.skipPermissions || WRITING_MODES.has(args.mode) || names(args.allowed).includes('Write');
}

const hex = (/** @type {number} */ n) => randomBytes(n).toString('hex');
const now = () => new Date().toISOString();

/** The run's shared state: session id, where it works, how it prints, and the usage it has "spent". */
const run = {
  sessionId: '',
  root: '',
  format: 'stream-json',
  lines: 0,
  requests: 0,
  input: 0,
  cacheRead: 0,
  output: 0,
  /** @type {{ tool_name: string, tool_use_id: string, tool_input: unknown }[]} */
  denials: [],
};

/** One stdout line of the stream, played with the scenario's faults, then the pause that makes it look live. @param {object} line */
async function emit(line) {
  if (run.format !== 'stream-json') return;
  const text = JSON.stringify(line);
  // A crash mid-write: half a line, no newline, exit 1.
  if (scenario === 'crash' && run.lines === 3) await tearAndExit(text.slice(0, Math.floor(text.length / 2)));
  await write(`${text}\n`);
  run.lines += 1;
  if (scenario === 'malformed' && run.lines === 2) await write('[demo-claude] warming the context cache…\n');
  if (scenario === 'malformed' && run.lines === 4) await write(`${text.slice(0, 40)}\n`);
  if (scenario === 'hang' && run.lines === 2) await hangForever();
  await sleep(delayMs);
}

/** A new API request: claude repeats its message_start usage on every content-block line of the message. @param {number} outputTokens */
function request(outputTokens) {
  const input = 2700 + 120 * run.requests;
  const cached = run.requests === 0 ? 0 : 2600;
  run.requests += 1;
  run.input += input - cached;
  run.cacheRead += cached;
  run.output += outputTokens;
  return {
    id: `msg_demo${hex(12)}`,
    requestId: `req_demo${hex(12)}`,
    usage: {
      input_tokens: input - cached,
      output_tokens: 1,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: cached,
    },
  };
}

/** One assistant line holding one content block. @param {ReturnType<typeof request>} message @param {object} block */
const assistant = (message, block) => ({
  type: 'assistant',
  message: {
    id: message.id,
    type: 'message',
    role: 'assistant',
    model: MODEL,
    content: [block],
    stop_reason: null,
    stop_sequence: null,
    usage: message.usage,
    context_management: null,
  },
  parent_tool_use_id: null,
  session_id: run.sessionId,
  uuid: randomUUID(),
  timestamp: now(),
  request_id: message.requestId,
});

/** @param {string} id @param {string} content @param {unknown} toolUseResult @param {boolean} [denied] */
const toolResult = (id, content, toolUseResult, denied = false) => ({
  type: 'user',
  message: {
    role: 'user',
    content: [{ tool_use_id: id, type: 'tool_result', content, ...(denied && { is_error: true }) }],
  },
  parent_tool_use_id: null,
  session_id: run.sessionId,
  uuid: randomUUID(),
  timestamp: now(),
  tool_use_result: toolUseResult,
  tool_result_meta: [
    denied
      ? {
          id,
          non_execution_kind: 'user-rejected',
          permission_decision: { decision: 'reject', source: 'config' },
        }
      : { id, permission_decision: { decision: 'accept', source: 'config', reason_type: 'mode' } },
  ],
});

const toolId = () => `toolu_demo${hex(12)}`;
const tokensOf = (/** @type {string} */ text) => 20 + Math.ceil(text.length / 4);

/** The task of a prompt: claude's demo reads only a "Task:" or "Title:" line. @param {string} prompt */
const taskIn = (prompt) => taskOf(prompt, { labels: ['task', 'title'] });

/** "document" says nothing about the main document's name either. */
const DOCUMENT_STOP_WORDS = new Set([...STOP_WORDS, 'document']);

/**
 * Claude writes the main document: a file the task names ("hello.txt"), else an upper-case name it uses
 * ("add a CONTRIBUTING file" → CONTRIBUTING.md), else one named from its words ("rate limiter" → RATE-LIMITER.md).
 * @param {string} task
 */
function documentPath(task) {
  const named = /(?:^|\s)([\w-]+(?:\/[\w-]+)*\.(?:md|txt|rst|adoc))\b/.exec(task)?.[1];
  if (named) return named;
  const upper = /\b([A-Z][A-Z0-9_]{3,})\b/.exec(task)?.[1];
  if (upper) return `${upper}.md`;
  return `${(keywords(task, 3, DOCUMENT_STOP_WORDS).join('-') || 'notes').toUpperCase()}.md`;
}

/** @param {string} prompt @param {boolean} writable @returns {Promise<string>} */
async function work(prompt, writable) {
  const task = taskIn(prompt);
  const rel = documentPath(task);
  const path = inside(run.root, rel);
  const steps = [`Write ${rel}`, `Check ${rel}`];
  const todos = (/** @type {string[]} */ status) =>
    steps.map((content, i) => ({
      content,
      status: status[i] ?? 'pending',
      activeForm: content.replace(/^Write/, 'Writing').replace(/^Check/, 'Checking'),
    }));

  const first = request(180);
  await emit(
    assistant(first, {
      type: 'thinking',
      thinking: `The task is "${task}". The main document for it is ${rel}; I will write it, then check it.`,
      signature: hex(16),
    }),
  );
  await emit(assistant(first, { type: 'text', text: `I'll write ${rel} for "${task}", then check it.` }));
  const todoId = toolId();
  const planned = todos(['in_progress', 'pending']);
  await emit(
    assistant(first, { type: 'tool_use', id: todoId, name: 'TodoWrite', input: { todos: planned } }),
  );
  await emit(
    toolResult(
      todoId,
      'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress. Please proceed with the current tasks if applicable',
      { oldTodos: [], newTodos: planned },
    ),
  );

  const existed = existsSync(path);
  const original = existed ? readFileSync(path, 'utf8') : null;
  const title = rel
    .replace(/\.\w+$/, '')
    .split('/')
    .pop();
  const content =
    original === null
      ? `# ${title}\n\nWritten by the Claude demo agent (${MODEL}, no model was called) for the task:\n\n> ${task}\n\n` +
        `## What changed\n\n- Added this document.\n\n## How to check\n\nRun \`wc -l ${rel}\`.\n`
      : `${original.replace(/\n*$/, '\n')}\n## Update\n\n- ${task}\n`;
  const writeId = toolId();
  const second = request(tokensOf(content));
  const input = { file_path: path, content };
  await emit(assistant(second, { type: 'tool_use', id: writeId, name: 'Write', input }));

  if (!writable) {
    // Default permission mode in -p denies the Write; the run still ends with is_error false (cli notes §4).
    const message = `Claude requested permissions to write to ${path}, but you haven't granted it yet.`;
    run.denials.push({ tool_name: 'Write', tool_use_id: writeId, tool_input: input });
    await emit({
      type: 'system',
      subtype: 'permission_denied',
      tool_name: 'Write',
      tool_use_id: writeId,
      message,
      uuid: randomUUID(),
      session_id: run.sessionId,
    });
    await emit(toolResult(writeId, message, `Error: ${message}`, true));
    const text = `BLOCKER: I may not write ${rel} in this permission mode; it needs --permission-mode acceptEdits.`;
    await emit(assistant(request(tokensOf(text)), { type: 'text', text }));
    return text;
  }

  writeInside(run.root, rel, content);
  const written = existed
    ? `The file ${path} has been updated successfully.`
    : `File created successfully at: ${path} (file state is current in your context — no need to Read it back)`;
  await emit(
    toolResult(writeId, written, {
      type: existed ? 'update' : 'create',
      filePath: path,
      content,
      structuredPatch: [],
      originalFile: original,
      userModified: false,
    }),
  );

  const third = request(60);
  const lines = content.split('\n').length - 1;
  await emit(
    assistant(third, {
      type: 'text',
      text: `MILESTONE: ${rel} ${existed ? 'updated' : 'written'} for "${task}"`,
    }),
  );
  const bashId = toolId();
  const command = `wc -l ${rel}`;
  await emit(
    assistant(third, {
      type: 'tool_use',
      id: bashId,
      name: 'Bash',
      input: { command, description: `Count the lines of ${rel}` },
    }),
  );
  await emit(
    toolResult(bashId, `${lines} ${rel}`, {
      stdout: `${lines} ${rel}`,
      stderr: '',
      interrupted: false,
      isImage: false,
      noOutputExpected: false,
    }),
  );

  const text = `Done — ${existed ? 'updated' : 'created'} ${rel} (${lines} lines) for "${task}".`;
  await emit(assistant(request(tokensOf(text)), { type: 'text', text }));
  return text;
}

/** Who does what in claude's plan: claude itself writes the main document `doc`. @param {string} doc */
const roles = (doc) => ({
  ...DEMO_ROLES,
  claude: {
    title: 'Write the main document',
    instructions: 'Write the main document or code change the task asks for.',
    scope: [doc],
  },
});

/** Read-only look at the worktree, as the Glob tool reports it. */
async function glance() {
  const message = request(40);
  const id = toolId();
  await emit(assistant(message, { type: 'tool_use', id, name: 'Glob', input: { pattern: '*' } }));
  const filenames = visibleFiles(run.root).map((f) => resolve(run.root, f));
  await emit(
    toolResult(id, filenames.join('\n') || 'No files found', {
      filenames,
      durationMs: 3,
      numFiles: filenames.length,
      truncated: false,
    }),
  );
}

/** @param {string} prompt */
async function plan(prompt) {
  const task = taskIn(prompt);
  const agents = enabledAgents(prompt);
  await glance();
  const answer = planFor(task, agents, roles(documentPath(task)));
  const message = request(0);
  await emit(
    assistant(message, { type: 'text', text: `MILESTONE: plan ready, ${agents.length} assignments` }),
  );
  const text = planReply(answer);
  run.output += tokensOf(text);
  await emit(assistant(message, { type: 'text', text }));
  return text;
}

async function review() {
  await glance();
  const message = request(0);
  await emit(assistant(message, { type: 'text', text: 'MILESTONE: review done, nothing was changed' }));
  const text = verdictReply(demoVerdict(), reviewedFile(run.root), {
    prose:
      'I read the change. It looks mostly fine to me, though a second look at the wording would not hurt.',
    blocker: {
      message: 'The document contradicts the task it was written for.',
      suggestion: 'Rewrite the first section to match the task.',
    },
    concern: {
      message: 'The document does not say how to check the change.',
      suggestion: 'Add a short "How to check" section.',
    },
  });
  run.output += tokensOf(text);
  await emit(assistant(message, { type: 'text', text }));
  return text;
}

/** The run's totals, with claude's unstable key order: `type` is not first (cli notes §3). */
function usageTotals() {
  const costUsd = Math.round((run.input * 4e-6 + run.cacheRead * 4e-7 + run.output * 2e-5) * 1e6) / 1e6;
  const usage = {
    input_tokens: run.input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: run.cacheRead,
    output_tokens: run.output,
    service_tier: 'standard',
  };
  const modelUsage =
    run.requests === 0
      ? {}
      : {
          [MODEL]: {
            inputTokens: run.input,
            outputTokens: run.output,
            cacheReadInputTokens: run.cacheRead,
            cacheCreationInputTokens: 0,
            webSearchRequests: 0,
            costUSD: costUsd,
            contextWindow: 200000,
            maxOutputTokens: 32000,
            costBasis: 'unknown',
          },
        };
  return { costUsd, usage, modelUsage };
}

/** @param {{ isError: boolean, text: string, terminal: string, status?: number | null, startedAt: number }} end */
async function result(end) {
  const { costUsd, usage, modelUsage } = usageTotals();
  const line = {
    duration_api_ms: Math.round((Date.now() - end.startedAt) * 0.6),
    stop_reason: end.isError ? 'stop_sequence' : 'end_turn',
    session_id: run.sessionId,
    total_cost_usd: end.isError ? 0 : costUsd,
    usage,
    modelUsage,
    permission_denials: run.denials,
    terminal_reason: end.terminal,
    is_error: end.isError,
    num_turns: Math.max(1, run.requests),
    subtype: 'success',
    api_error_status: end.status ?? null,
    ...(end.status && { api_error_type: 'rate_limit_error' }),
    result: end.text,
    type: 'result',
    duration_ms: Date.now() - end.startedAt,
    uuid: randomUUID(),
    result_index: 0,
  };
  // -p with the default text format prints only the final text; json and stream-json end with this line.
  await (run.format === 'text' ? write(`${end.text}\n`) : writeJsonLine(line));
}

/**
 * Like the recorded 429 (fixture cases/mock_err429): two api_retry lines, a synthetic error message, a result
 * with subtype "success" but is_error true, exit 1.
 * @param {number} startedAt
 */
async function apiError(startedAt) {
  const text =
    'API Error: Request rejected (429) · Number of request tokens has exceeded your per-minute rate limit';
  for (const [attempt, delay] of [
    [1, 1191],
    [2, 1163],
  ]) {
    await emit({
      type: 'system',
      subtype: 'api_retry',
      attempt,
      max_retries: 2,
      retry_delay_ms: delay,
      error_status: 429,
      error: 'rate_limit',
      session_id: run.sessionId,
      uuid: randomUUID(),
    });
  }
  await emit({
    type: 'assistant',
    message: {
      id: randomUUID(),
      model: '<synthetic>',
      role: 'assistant',
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      },
      content: [{ type: 'text', text }],
      context_management: null,
    },
    parent_tool_use_id: null,
    session_id: run.sessionId,
    uuid: randomUUID(),
    timestamp: now(),
    error: 'rate_limit',
    request_id: `req_demo${hex(12)}`,
    is_api_error_message: true,
    api_error_status: 429,
    api_error_type: 'rate_limit_error',
  });
  await result({ isError: true, text, terminal: 'api_error', status: 429, startedAt });
  process.exitCode = 1;
}

async function main() {
  const startedAt = Date.now();
  const args = parseArgv(process.argv.slice(2));
  // The real CLI's own refusals (cli notes §4), so a wrong command line fails the same way in demo mode.
  if (args.print && args.format === 'stream-json' && !args.verbose)
    return refuse('Error: When using --print, --output-format=stream-json requires --verbose', 1);
  // Like the real CLI, -p without a prompt argument reads the prompt from stdin.
  const prompt = args.prompt || (await readStdin());
  if (!prompt)
    return refuse(
      'Error: Input must be provided either through stdin or as a prompt argument when using --print',
      1,
    );
  keepPromptCopy('claude', prompt);
  run.root = resolve(process.cwd());
  run.format = args.format;
  run.sessionId = args.resume ?? args.sessionId ?? randomUUID();
  await emit({
    type: 'system',
    subtype: 'init',
    cwd: run.root,
    session_id: run.sessionId,
    tools: [
      'Task',
      'Bash',
      'Edit',
      'Glob',
      'Grep',
      'NotebookEdit',
      'Read',
      'TodoWrite',
      'WebFetch',
      'WebSearch',
      'Write',
    ],
    mcp_servers: [],
    model: MODEL,
    permissionMode: args.skipPermissions ? 'bypassPermissions' : args.mode,
    slash_commands: [],
    apiKeySource: 'none',
    claude_code_version: '2.1.332-demo',
    output_style: 'default',
    agents: ['general-purpose'],
    skills: [],
    plugins: [],
    uuid: randomUUID(),
    analytics_disabled: true,
    original_cwd: run.root,
    additional_directories: [],
  });
  if (scenario === 'error') return apiError(startedAt);

  const kind = promptKind(prompt);
  const text =
    kind === 'review'
      ? await review()
      : kind === 'plan'
        ? await plan(prompt)
        : await work(prompt, canWrite(args));
  if (scenario === 'malformed')
    await write('{"type":"assistant","message":{"id":"msg_demo_cut","content":[{"ty\n');
  await result({ isError: false, text, terminal: 'completed', startedAt });
}

runMain(main);
