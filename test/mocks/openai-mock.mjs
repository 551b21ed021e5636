#!/usr/bin/env node
// @ts-check
/**
 * A dependency-free mock of the OpenAI Responses API (`POST {base}/responses`, HTTP + SSE) on 127.0.0.1, for
 * running the real `codex exec --json` through a custom model provider (cli notes codex §4). Replies are
 * scripted from the request alone, so codex's own retries get the same answer:
 *
 * - latest user text contains `"assignments"` → a final answer with a plan JSON in a ```json fence, one
 *   assignment per agent of the prompt's `Enabled agents: a, b, c` line (default claude, codex, gemini);
 * - contains `"verdict"` → a final answer with an approving verdict JSON;
 * - otherwise a work turn: with no tool output in the history, a tool call that writes `<agent>-work.md` in
 *   codex's working directory (apply_patch when offered, else the shell tool); once a tool output came back,
 *   the final text with a `MILESTONE:` line.
 *
 * Every response carries usage (120 input tokens, 40 of them cached, 30 output tokens). Scenarios: ok, http401,
 * http429, http500, hang (accepts the request and never answers).
 *
 * Standalone: `node test/mocks/openai-mock.mjs [--port N] [--scenario S]` prints the base URL (ending in /v1)
 * and serves until killed.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

/** @typedef {'ok' | 'http401' | 'http429' | 'http500' | 'hang'} Scenario */
/** @typedef {{ method: string, path: string, body: unknown }} RecordedRequest */
/**
 * @typedef {{ url: string, port: number, requests: RecordedRequest[], close(): Promise<void> }} MockServer
 */
/** @typedef {Record<string, unknown>} Json */

export const SCENARIOS = /** @type {const} */ (['ok', 'http401', 'http429', 'http500', 'hang']);

/** Per response; codex sums them over the requests of a turn (cli notes codex §2). */
export const USAGE = Object.freeze({ inputTokens: 120, cachedInputTokens: 40, outputTokens: 30 });

const DEFAULT_AGENTS = ['claude', 'codex', 'gemini'];

/** Error bodies in OpenAI's shape; codex quotes `error.message` of a 401 in its final message. */
const HTTP_ERRORS = /** @type {const} */ ({
  http401: {
    status: 401,
    error: {
      message: 'Incorrect API key provided: dummy. (openai-mock)',
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    },
  },
  http429: {
    status: 429,
    error: { message: 'Rate limit reached (openai-mock)', type: 'requests', code: 'rate_limit_exceeded' },
  },
  http500: {
    status: 500,
    error: { message: 'The server had an error (openai-mock)', type: 'server_error', code: null },
  },
});

/**
 * @param {{ port?: number, scenario?: string }} [options]
 * @returns {Promise<MockServer>}
 */
export async function startMock({ port = 0, scenario = 'ok' } = {}) {
  if (!(/** @type {readonly string[]} */ (SCENARIOS).includes(scenario))) {
    throw new Error(`unknown scenario "${scenario}": one of ${SCENARIOS.join(', ')}`);
  }
  const mode = /** @type {Scenario} */ (scenario);
  /** @type {RecordedRequest[]} */
  const requests = [];
  let served = 0;

  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      /** @type {unknown} */
      let body = text;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        // A body that is not JSON is recorded as its text.
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      requests.push({ method: req.method ?? 'GET', path, body });
      route(req.method ?? 'GET', path, body, res, mode, ++served);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('mock: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    port: address.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        // A hung request keeps its socket open; without this close() would wait for the client forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * @param {string} method
 * @param {string} path
 * @param {unknown} body
 * @param {import('node:http').ServerResponse} res
 * @param {Scenario} scenario
 * @param {number} n the request's number, for unique ids
 */
function route(method, path, body, res, scenario, n) {
  if (method === 'GET' && path.endsWith('/models')) return sendJson(res, 200, { object: 'list', data: [] });
  if (method !== 'POST' || !path.endsWith('/responses')) {
    return sendJson(res, 404, {
      error: { message: `openai-mock: no route ${method} ${path}`, type: 'not_found' },
    });
  }
  if (scenario === 'hang') return;
  if (scenario !== 'ok') {
    const { status, error } = HTTP_ERRORS[scenario];
    return sendJson(res, status, { error });
  }
  const reply = isObject(body) ? decide(body, n) : { error: 'the request body is not a JSON object' };
  if ('error' in reply) {
    return sendJson(res, 400, {
      error: { message: `openai-mock: ${reply.error}`, type: 'invalid_request_error' },
    });
  }
  const model = isObject(body) && typeof body.model === 'string' ? body.model : 'mock';
  streamResponse(res, `resp_mock_${n}`, model, reply.items);
}

/**
 * What to answer, from the request alone.
 * @param {Json} body
 * @param {number} n
 * @returns {{ items: Json[] } | { error: string }}
 */
function decide(body, n) {
  const input = Array.isArray(body.input) ? body.input.filter(isObject) : [];
  const prompt = latestUserText(input);
  if (prompt.includes('"assignments"')) return { items: [message(n, planAnswer(prompt))] };
  if (prompt.includes('"verdict"')) return { items: [message(n, verdictAnswer())] };
  const agent = /^You are ([\w-]+),/m.exec(prompt)?.[1] ?? 'codex';
  const task = /^Task: (.*)$/m.exec(prompt)?.[1]?.trim() ?? prompt.split('\n')[0] ?? 'the task';
  const file = `${agent}-work.md`;
  const toolOutputs = input.filter(
    (item) => item.type === 'function_call_output' || item.type === 'custom_tool_call_output',
  ).length;
  if (toolOutputs > 0) {
    return {
      items: [message(n, `Wrote ${file} for the task.\nMILESTONE: ${file} written for "${task}"\nDone.`)],
    };
  }
  const call = writeFileCall(body, n, file, workFileContent(agent, task));
  return call
    ? { items: [call] }
    : {
        error:
          'no file-writing tool (apply_patch, exec_command, shell) offered: the default codex model is code-mode only, pin a classic one such as -c model="gpt-5.5"',
      };
}

/**
 * What the mock writes in a work turn; exported so a test can compare the file on disk with it.
 * @param {string} agent
 * @param {string} task
 */
export function workFileContent(agent, task) {
  return `# ${agent} work\n\nTask: ${task}\n`;
}

/**
 * The tool call writing `file`. apply_patch is preferred: it is what codex reports as a `file_change` item.
 * It is a freeform custom tool (Lark grammar) for the classic models, a JSON function on others (cli notes
 * codex §4).
 * @param {Json} body
 * @param {number} n
 * @param {string} file relative: codex resolves it against its working directory
 * @param {string} content
 * @returns {Json | null}
 */
function writeFileCall(body, n, file, content) {
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObject) : [];
  const tool = (/** @type {string} */ name) => tools.find((t) => t.name === name);
  const patch = [
    '*** Begin Patch',
    `*** Add File: ${file}`,
    ...content
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => `+${line}`),
    '*** End Patch',
    '',
  ].join('\n');
  const applyPatch = tool('apply_patch');
  if (applyPatch?.type === 'custom') {
    return {
      type: 'custom_tool_call',
      id: `ctc_mock_${n}`,
      call_id: `call_mock_${n}`,
      name: 'apply_patch',
      input: patch,
      status: 'completed',
    };
  }
  if (applyPatch) return functionCall(n, 'apply_patch', { input: patch });
  const shellLine = `printf '%s' ${shellQuote(content)} > ${shellQuote(file)}`;
  if (tool('exec_command')) return functionCall(n, 'exec_command', { cmd: shellLine });
  if (tool('shell')) return functionCall(n, 'shell', { command: ['bash', '-lc', shellLine] });
  return null;
}

/**
 * @param {number} n
 * @param {string} name
 * @param {Json} args
 * @returns {Json}
 */
function functionCall(n, name, args) {
  return {
    type: 'function_call',
    id: `fc_mock_${n}`,
    call_id: `call_mock_${n}`,
    name,
    arguments: JSON.stringify(args),
    status: 'completed',
  };
}

/**
 * @param {number} n
 * @param {string} text
 * @returns {Json}
 */
function message(n, text) {
  return {
    type: 'message',
    id: `msg_mock_${n}`,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** @param {string} prompt */
function planAnswer(prompt) {
  const line = /^Enabled agents:\s*(.+)$/m.exec(prompt)?.[1];
  const agents = line
    ? line
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '')
    : DEFAULT_AGENTS;
  const assignments = agents.map((agent) => ({
    agent,
    title: `Part of ${agent}`,
    instructions: `Do the ${agent} part of the task and report it with a MILESTONE line.`,
    scope: [],
  }));
  return `Here is the plan.\n\n\`\`\`json\n${JSON.stringify({ assignments }, null, 2)}\n\`\`\`\n`;
}

function verdictAnswer() {
  const verdict = {
    verdict: 'approve',
    summary: 'The change does what the task asks (openai-mock).',
    findings: [],
  };
  return `\`\`\`json\n${JSON.stringify(verdict, null, 2)}\n\`\`\`\n`;
}

/**
 * The text of the last user message: codex sends developer messages, an `<environment_context>` user message
 * and the prompt, then appends the tool calls and their outputs (cli notes codex §4).
 * @param {Json[]} input
 */
function latestUserText(input) {
  for (let i = input.length - 1; i >= 0; i--) {
    const item = /** @type {Json} */ (input[i]);
    if (item.role !== 'user') continue;
    const content = item.content;
    if (typeof content === 'string') return content;
    if (!Array.isArray(content)) continue;
    const text = content
      .filter(isObject)
      .map((part) => (typeof part.text === 'string' ? part.text : ''))
      .join('\n');
    if (text !== '') return text;
  }
  return '';
}

/**
 * One response as SSE (`event: <type>\ndata: <json>\n\n`), in the order the real API streams it. codex needs
 * only the `response.output_item.done` items and a final `response.completed` with the response id and usage;
 * the deltas are what it streams as they come.
 * @param {import('node:http').ServerResponse} res
 * @param {string} id
 * @param {string} model
 * @param {Json[]} items
 */
function streamResponse(res, id, model, items) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  let sequence = 0;
  const send = (/** @type {string} */ type, /** @type {Json} */ data) => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...data })}\n\n`);
  };
  const created = Math.floor(Date.now() / 1000);
  const response = (/** @type {string} */ status, /** @type {Json[]} */ output) => ({
    id,
    object: 'response',
    created_at: created,
    status,
    model,
    output,
  });
  send('response.created', { response: response('in_progress', []) });
  send('response.in_progress', { response: response('in_progress', []) });
  items.forEach((item, outputIndex) => {
    if (item.type === 'message') {
      const text = /** @type {{ text: string }[]} */ (item.content)[0]?.text ?? '';
      send('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', content: [] },
      });
      const part = { type: 'output_text', text: '', annotations: [] };
      send('response.content_part.added', {
        item_id: item.id,
        output_index: outputIndex,
        content_index: 0,
        part,
      });
      const half = Math.ceil(text.length / 2);
      for (const delta of [text.slice(0, half), text.slice(half)]) {
        send('response.output_text.delta', {
          item_id: item.id,
          output_index: outputIndex,
          content_index: 0,
          delta,
        });
      }
      send('response.output_text.done', {
        item_id: item.id,
        output_index: outputIndex,
        content_index: 0,
        text,
      });
      send('response.content_part.done', {
        item_id: item.id,
        output_index: outputIndex,
        content_index: 0,
        part: { ...part, text },
      });
    } else if (item.type === 'function_call') {
      send('response.output_item.added', {
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      const args = String(item.arguments);
      send('response.function_call_arguments.delta', {
        item_id: item.id,
        output_index: outputIndex,
        delta: args,
      });
      send('response.function_call_arguments.done', {
        item_id: item.id,
        output_index: outputIndex,
        arguments: args,
      });
    } else {
      send('response.output_item.added', { output_index: outputIndex, item });
    }
    send('response.output_item.done', { output_index: outputIndex, item });
  });
  send('response.completed', {
    response: {
      ...response('completed', items),
      usage: {
        input_tokens: USAGE.inputTokens,
        input_tokens_details: { cached_tokens: USAGE.cachedInputTokens },
        output_tokens: USAGE.outputTokens,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: USAGE.inputTokens + USAGE.outputTokens,
      },
    },
  });
  res.end();
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 */
function sendJson(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** @param {string} value */
function shellQuote(value) {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * @param {unknown} value
 * @returns {value is Json}
 */
function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  let port = 0;
  let scenario = 'ok';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') port = Number(argv[++i]);
    else if (arg === '--scenario') scenario = argv[++i] ?? '';
    else throw new Error(`unknown argument "${arg}": usage: openai-mock.mjs [--port N] [--scenario S]`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port needs a number 0-65535');
  return { port, scenario };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const mock = await startMock(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${mock.url}\n`);
    const stop = () => void mock.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    process.stderr.write(`openai-mock: ${/** @type {Error} */ (error).message}\n`);
    process.exit(2);
  }
}
