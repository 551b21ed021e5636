#!/usr/bin/env node
// @ts-check
/**
 * Demo stand-in for `codex exec --json` (codex 0.169 as recorded in test/fixtures/cli/codex): same argv, same
 * JSONL on stdout, no model and no network. It really edits its working directory on a work prompt, answers a
 * plan or review prompt with the JSON the orchestrator asks for, and can play the CLI's failures.
 *
 * env: ORCHESTRATOR_DEMO_DELAY_MS (150) between events; ORCHESTRATOR_DEMO_SCENARIO normal|slow|crash|malformed|
 * error|hang; ORCHESTRATOR_DEMO_VERDICT approve|concern|blocker|invalid for review prompts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { walkArgv } from './lib/argv.mjs';
import { DEMO_ROLES, demoVerdict, planFor, planReply, verdictReply } from './lib/answers.mjs';
import { inside, keywords, reviewedFile, visibleFiles, writeInside } from './lib/files.mjs';
import { refuse, runMain, write, writeJsonLine } from './lib/output.mjs';
import { enabledAgents, promptKind, taskOf } from './lib/prompt.mjs';
import { keepPromptCopy, readStdin } from './lib/stdin-prompt.mjs';
import { delayMs, hangForever, scenario, sleep, tearAndExit } from './lib/scenario.mjs';

/** Flags of `codex exec` (and `exec resume`) that take a value; any other flag is taken as a switch. */
const VALUE_FLAGS = new Set([
  '-c',
  '--config',
  '--enable',
  '--disable',
  '-m',
  '--model',
  '-p',
  '--profile',
  '-s',
  '--sandbox',
  '-C',
  '--cd',
  '--add-dir',
  '--output-schema',
  '-o',
  '--output-last-message',
  '--color',
  '-i',
  '--image',
  '--local-provider',
]);
const WRITABLE_SANDBOXES = new Set(['workspace-write', 'danger-full-access']);
const WRITE_SWITCHES = new Set(['--dangerously-bypass-approvals-and-sandbox', '--approve-for-me', '--yolo']);

/**
 * @typedef {{ cd: string | null, sandbox: string, writable: boolean, resumeId: string | null, prompt: string | null }} Argv
 */

/** @param {string[]} argv @returns {Argv} */
function parseArgv(argv) {
  /** @type {Argv} */
  const out = { cd: null, sandbox: 'read-only', writable: false, resumeId: null, prompt: null };
  let last = false;
  const positionals = walkArgv(argv, (name, inline, rest) => {
    const value = inline ?? (VALUE_FLAGS.has(name) ? rest.take() : null);
    if (name === '-C' || name === '--cd') out.cd = value;
    else if (name === '-s' || name === '--sandbox') out.sandbox = value ?? out.sandbox;
    else if (name === '--last') last = true;
    else if (WRITE_SWITCHES.has(name)) out.writable = true;
  });
  if (positionals[0] === 'exec' || positionals[0] === 'e') positionals.shift();
  if (positionals[0] === 'resume') {
    positionals.shift();
    if (!last) out.resumeId = positionals.shift() ?? null;
  }
  out.writable ||= WRITABLE_SANDBOXES.has(out.sandbox);
  out.prompt = positionals.length > 0 && positionals[0] !== '-' ? positionals.join(' ') : null;
  return out;
}

/** One JSONL event, then the pause that makes the run look live. @param {unknown} event */
async function emit(event) {
  await writeJsonLine(event);
  await sleep(delayMs);
}

/** codex thread ids are UUIDv7 (time-ordered), e.g. 01a21353-367a-77d1-89eb-33af35f6f484. */
function uuidv7() {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(Date.now(), 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let nextItem = 0;
const itemId = () => `item_${nextItem++}`;

/** @param {string} text */
const agentMessage = (text) => ({
  type: 'item.completed',
  item: { id: itemId(), type: 'agent_message', text },
});
/** @param {string} text */
const reasoning = (text) => ({ type: 'item.completed', item: { id: itemId(), type: 'reasoning', text } });

/**
 * A shell command as codex reports it: item.started, then item.completed with its output and exit code.
 * @param {string} command @param {string} output @param {number} exitCode
 */
async function shell(command, output, exitCode) {
  const started = {
    id: itemId(),
    type: 'command_execution',
    command,
    aggregated_output: '',
    exit_code: null,
    status: 'in_progress',
  };
  await emit({ type: 'item.started', item: started });
  await emit({
    type: 'item.completed',
    item: {
      ...started,
      aggregated_output: output,
      exit_code: exitCode,
      status: exitCode === 0 ? 'completed' : 'failed',
    },
  });
}

/**
 * Thread totals like the real CLI (usage is cumulative over the thread), sized from the prompt.
 * @param {string} prompt @param {number} outputChars
 */
function usage(prompt, outputChars) {
  const input = 1800 + Math.ceil(prompt.length / 4);
  return {
    input_tokens: input,
    cached_input_tokens: Math.floor(input * 0.4),
    cache_write_input_tokens: 0,
    output_tokens: 120 + Math.ceil(outputChars / 4),
    reasoning_output_tokens: 64,
  };
}

/** "add a CONTRIBUTING file" → docs/contributing-notes.md: codex's visible change is a note under docs/. @param {string} task */
const notePath = (task) => `docs/${keywords(task, 4).join('-') || 'task'}-notes.md`;

/** @param {string} root @param {string} prompt @param {boolean} writable @returns {Promise<string>} */
async function work(root, prompt, writable) {
  const task = taskOf(prompt);
  const rel = notePath(task);
  const path = inside(root, rel);
  const steps = [`Write ${rel}`, `Check ${rel} with wc`];
  /** @param {boolean[]} done */
  const todoItems = (done) => steps.map((text, i) => ({ text, completed: done[i] === true }));

  await emit(
    reasoning(
      `**Planning the change** I will add a note for "${task}" under docs/ and check it with a shell command.`,
    ),
  );
  const todo = itemId();
  await emit({
    type: 'item.started',
    item: { id: todo, type: 'todo_list', items: todoItems([false, false]) },
  });

  if (!writable) {
    // The default exec sandbox is read-only: writes fail as a failed command, the turn still completes (codex notes §3).
    await shell(
      `/bin/bash -lc 'mkdir -p docs && touch ${rel}'`,
      `touch: cannot touch '${rel}': Read-only file system\n`,
      1,
    );
    const text = `BLOCKER: the sandbox is read-only, so ${rel} could not be written.`;
    await emit(agentMessage(text));
    await emit({
      type: 'item.completed',
      item: { id: todo, type: 'todo_list', items: todoItems([false, false]) },
    });
    return text;
  }

  const kind = existsSync(path) ? 'update' : 'add';
  const patch = itemId();
  const changes = [{ path, kind }];
  await emit({
    type: 'item.started',
    item: { id: patch, type: 'file_change', changes, status: 'in_progress' },
  });
  const content =
    kind === 'add'
      ? `# ${task}\n\nNotes from the codex demo agent (demo-codex, no model was called).\n\n- Task: ${task}\n- Check: \`wc -l ${rel}\`\n`
      : `${readFileSync(path, 'utf8')}- Update: ${task}\n`;
  writeInside(root, rel, content);
  await emit({
    type: 'item.completed',
    item: { id: patch, type: 'file_change', changes, status: 'completed' },
  });
  await emit(agentMessage(`MILESTONE: ${rel} written for "${task}"`));

  const lines = content.split('\n').length - 1;
  await shell(`/bin/bash -lc 'wc -l ${rel}'`, `${lines} ${rel}\n`, 0);
  await emit({ type: 'item.updated', item: { id: todo, type: 'todo_list', items: todoItems([true, true]) } });

  const text = `Added ${rel} (${lines} lines) describing "${task}" and checked it with wc.`;
  await emit(agentMessage(text));
  // codex completes the todo list at turn end, after the final message (codex notes §2).
  await emit({
    type: 'item.completed',
    item: { id: todo, type: 'todo_list', items: todoItems([true, true]) },
  });
  return text;
}

/** @param {string} prompt */
async function plan(prompt) {
  const agents = enabledAgents(prompt);
  const answer = planFor(taskOf(prompt), agents, DEMO_ROLES);
  await emit(reasoning(`**Splitting the task** ${agents.length} agents, one part each.`));
  const text = planReply(answer);
  await emit(agentMessage(text));
  return text;
}

/** @param {string} root */
async function review(root) {
  await emit(reasoning('**Reviewing the change** Reading the worktree, read-only.'));
  const files = visibleFiles(root);
  await shell("/bin/bash -lc 'ls'", files.map((f) => `${f}\n`).join(''), 0);
  const text = verdictReply(demoVerdict(), reviewedFile(root), {
    prose:
      'I looked at the change. It reads well overall, though I would want another pass before signing off.',
    blocker: {
      message: 'The change breaks the documented setup steps.',
      suggestion: 'Restore the setup steps.',
    },
    concern: {
      message: 'The new text does not say how to run the tests.',
      suggestion: 'Add a short "Running tests" section.',
    },
  });
  await emit(agentMessage(text));
  return text;
}

/** Like a 429 against the real API (fixture x-http429): five retries, then error + turn.failed, exit 1. */
async function apiError() {
  const reason = 'exceeded retry limit, last status: 429 Too Many Requests';
  for (let n = 1; n <= 5; n++) await emit({ type: 'error', message: `Reconnecting... ${n}/5 (${reason})` });
  await emit({ type: 'error', message: reason });
  await emit({ type: 'turn.failed', error: { message: reason } });
  process.exitCode = 1;
}

async function main() {
  const args = parseArgv(process.argv.slice(2));
  // Like the real CLI, no prompt argument (or `-`) reads the prompt from stdin.
  const prompt = args.prompt ?? (await readStdin());
  if (prompt.trim() === '') return refuse('No prompt provided via stdin.', 1);
  keepPromptCopy('codex', prompt);
  const root = resolve(args.cd ?? process.cwd());
  // The real CLI's words for a missing -C directory (codex notes §3, case 2): it does not name the path.
  if (!existsSync(root)) return refuse('Error: No such file or directory (os error 2)', 1);
  process.stderr.write(
    `demo-codex: impersonating codex exec --json in ${relative(process.cwd(), root) || '.'}\n`,
  );
  await emit({ type: 'thread.started', thread_id: args.resumeId ?? uuidv7() });
  await emit({ type: 'turn.started' });

  if (scenario === 'hang') return hangForever();
  if (scenario === 'error') return apiError();
  if (scenario === 'crash') {
    await emit(reasoning('**Starting** about to run a command.'));
    await tearAndExit('{"type":"item.started","item":{"id":"item_9","type":"command_exec');
  }
  if (scenario === 'malformed') {
    await write('demo-codex: this line is not JSON\n');
    await write('{"type":"item.completed","item":{"id":"item_x","type":"agent_mess\n');
  }

  const kind = promptKind(prompt);
  const text =
    kind === 'review'
      ? await review(root)
      : kind === 'plan'
        ? await plan(prompt)
        : await work(root, prompt, args.writable);
  if (scenario === 'malformed') await write('[demo] {not json either}\n');
  await writeJsonLine({ type: 'turn.completed', usage: usage(prompt, text.length) });
}

runMain(main);
