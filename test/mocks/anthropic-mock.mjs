#!/usr/bin/env node
// @ts-check
/**
 * A dependency-free mock of the Anthropic Messages API for running the real `claude` CLI against
 * 127.0.0.1 (contract tests, README example). Replies are scripted from each request alone, because
 * the CLI replays history on --resume and may retry (cli notes §5, "what the mock must do" 3):
 *
 * - the latest user message carries a tool_result → the final WORK answer with a `MILESTONE:` line;
 * - its text contains `"assignments"` → a plan JSON in a ```json fence, one assignment per agent of the
 *   prompt's `Enabled agents: a, b` line (default claude, codex, gemini);
 * - its text contains `"verdict"` → an approving verdict JSON;
 * - otherwise a WORK turn: a Write tool_use creating `<agent>-work.md` in the session's working directory.
 *
 * Standalone: `node test/mocks/anthropic-mock.mjs [--port N] [--scenario S]` prints its base URL on stdout,
 * one line per request on stderr, and serves until killed. Scenarios: ok, http401, http429, http500, hang.
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { gunzipSync, brotliDecompressSync, inflateSync } from 'node:zlib';

/** @typedef {'ok' | 'http401' | 'http429' | 'http500' | 'hang'} Scenario */
/** @typedef {{ method: string, path: string, headers: Record<string, string>, body: unknown }} RecordedRequest */
/**
 * @typedef {object} Mock
 * @property {string} url base URL, e.g. http://127.0.0.1:41234 (what ANTHROPIC_BASE_URL takes)
 * @property {number} port
 * @property {RecordedRequest[]} requests every request received, in order
 * @property {() => Promise<void>} close stops serving and drops open (also hanging) connections
 */
/** @typedef {{ type: 'text', text: string } | { type: 'tool_use', id: string, name: string, input: Record<string, unknown> }} Block */
/** @typedef {{ content: Block[], stopReason: 'end_turn' | 'tool_use', label: string }} Reply */

export const SCENARIOS = /** @type {const} */ ([
  'ok',
  'http401',
  'http429',
  'http500',
  'hang',
  'burst429',
  'blocker',
]);

/** burst429: this many API requests get a 429 before the mock answers normally (a passing rate limit). */
export const BURST_429 = 2;

/**
 * Anthropic's error shapes (cli notes §4 table): the CLI maps error.type to assistant.error.
 * @type {Record<Exclude<Scenario, 'ok' | 'hang' | 'burst429' | 'blocker'>, { status: number, type: string, message: string, retryAfter?: string }>}
 */
const HTTP_ERRORS = {
  http401: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  // retry-after 0 keeps a retried 429 fast; the CLI honours the header (cli notes §5, quirk 5).
  http429: { status: 429, type: 'rate_limit_error', message: 'mock rate limit', retryAfter: '0' },
  http500: { status: 500, type: 'api_error', message: 'mock internal server error' },
};

const DEFAULT_AGENTS = ['claude', 'codex', 'gemini'];
const MODEL_FALLBACK = 'claude-mock-1';

/** @param {unknown} value @returns {Record<string, unknown> | null} */
const rec = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? /** @type {Record<string, unknown>} */ (value)
    : null;

/** @param {unknown} value @returns {unknown[]} */
const list = (value) => (Array.isArray(value) ? value : []);

/** Text of a content value that is a string or an array of blocks. @param {unknown} content */
function textOf(content) {
  if (typeof content === 'string') return content;
  return list(content)
    .map((b) => {
      const block = rec(b);
      return block?.type === 'text' && typeof block.text === 'string' ? block.text : '';
    })
    .filter((t) => t !== '')
    .join('\n');
}

/** @param {Record<string, unknown>} body */
const messagesOf = (body) =>
  list(body.messages)
    .map(rec)
    .filter((m) => m !== null);

/** @param {Record<string, unknown>} body */
function latestUser(body) {
  const users = messagesOf(body).filter((m) => m.role === 'user');
  return users.at(-1) ?? null;
}

/** @param {Record<string, unknown>} body */
const firstUserText = (body) => textOf(messagesOf(body).find((m) => m.role === 'user')?.content);

/** Every text of the request: system blocks and all messages (2.1.332 puts a role "system" message there). */
function allText(/** @type {Record<string, unknown>} */ body) {
  return [textOf(body.system), ...messagesOf(body).map((m) => textOf(m.content))].join('\n');
}

/**
 * The working directory. Write takes an absolute file_path (sdk-tools.d.ts FileWriteInput); 2.1.332
 * states the cwd as "Primary working directory: <cwd>" in a role "system" message (cli notes §5).
 * @param {Record<string, unknown>} body
 */
function workingDirectory(body) {
  const text = allText(body);
  const match =
    /Primary working directory:\s*(\/[^\n]*)/.exec(text) ??
    /Work only inside your working directory:\s*(\/[^\n]*)/.exec(text);
  return match?.[1]?.trim() ?? null;
}

/** The worker's agent name, from the orchestrator's prompt "You are <agent>, one of …". @param {string} prompt */
const agentOf = (prompt) => /You are ([\w-]+), one of /.exec(prompt)?.[1] ?? 'claude';

/** The task named in the prompt ("Task: …" line of the orchestrator's prompts), else its last line. @param {string} prompt */
function taskOf(prompt) {
  const line = /^Task:\s*(.+)$/m.exec(prompt)?.[1];
  if (line) return line.trim();
  const lines = prompt.split('\n').filter((l) => l.trim() !== '' && !l.includes('system-reminder'));
  return (lines.at(-1) ?? 'the task').trim();
}

/** @param {Record<string, unknown>} body */
const offersTool = (body, /** @type {string} */ name) => list(body.tools).some((t) => rec(t)?.name === name);

/** @param {string} json */
const fenced = (json) => `\`\`\`json\n${json}\n\`\`\``;

/**
 * The scripted reply for one request of the ok scenario.
 * @param {Record<string, unknown>} body
 * @param {number} n request number, for deterministic ids
 * @param {'approve' | 'blocker'} [verdictOf] what a review request gets (the blocker scenario's reviews block)
 * @returns {Reply}
 */
export function replyFor(body, n, verdictOf = 'approve') {
  const user = latestUser(body);
  const hasToolResult = list(user?.content).some((b) => rec(b)?.type === 'tool_result');
  const prompt = firstUserText(body);
  const task = taskOf(prompt);
  const agent = agentOf(prompt);
  const file = `${agent}-work.md`;
  if (hasToolResult) {
    const text = `I wrote ${file} for the task.\nMILESTONE: ${file} written for "${task}"\nThe work is done.`;
    return { content: [{ type: 'text', text }], stopReason: 'end_turn', label: 'final' };
  }
  const latest = textOf(user?.content);
  if (latest.includes('"assignments"')) {
    const enabled = /Enabled agents:\s*([^\n]+)/.exec(latest)?.[1];
    const agents = enabled
      ? enabled
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== '')
      : DEFAULT_AGENTS;
    const assignments = agents.map((name) => ({
      agent: name,
      title: `${name}: part of "${task}"`,
      instructions: `Do ${name}'s share of the task: ${task}`,
      scope: [],
    }));
    const text = `Here is the plan.\n\n${fenced(JSON.stringify({ assignments }, null, 2))}`;
    return { content: [{ type: 'text', text }], stopReason: 'end_turn', label: 'plan' };
  }
  if (latest.includes('"verdict"')) {
    const verdict =
      verdictOf === 'blocker'
        ? {
            verdict: 'blocker',
            summary: 'The mock found a problem that must stop the work.',
            findings: [
              { severity: 'critical', message: 'the mock blocks this change', suggestion: 'stop and ask' },
            ],
          }
        : { verdict: 'approve', summary: 'The mock reviewed the work and approves it.', findings: [] };
    const text = `Review done.\n\n${fenced(JSON.stringify(verdict, null, 2))}`;
    return { content: [{ type: 'text', text }], stopReason: 'end_turn', label: 'verdict' };
  }
  if (!offersTool(body, 'Write')) {
    const text = `No Write tool was offered, so nothing was written.\nMILESTONE: answered "${task}"`;
    return { content: [{ type: 'text', text }], stopReason: 'end_turn', label: 'text' };
  }
  const cwd = workingDirectory(body);
  const input = {
    file_path: cwd ? `${cwd.replace(/\/+$/, '')}/${file}` : file,
    content: `# ${agent} work\n\nTask: ${task}\n\nWritten by the Anthropic mock.\n`,
  };
  return {
    content: [
      { type: 'text', text: `I'll write ${file}.` },
      { type: 'tool_use', id: `toolu_mock${String(n).padStart(6, '0')}`, name: 'Write', input },
    ],
    stopReason: 'tool_use',
    label: 'tool_use Write',
  };
}

/** A rough, deterministic token count so usage totals are non-zero. @param {string} text */
const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {{ id: string, model: string, inputTokens: number }} meta
 */
function streamReply(res, reply, meta) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': meta.id.replace('msg_', 'req_'),
  });
  /** @param {string} name @param {object} data */
  const send = (name, data) =>
    res.write(`event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`);
  send('message_start', {
    message: {
      id: meta.id,
      type: 'message',
      role: 'assistant',
      model: meta.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: meta.inputTokens, output_tokens: 1 },
    },
  });
  send('ping', {});
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      // Two partial chunks, as the real API splits tool input; the CLI must join them.
      const json = JSON.stringify(block.input);
      const cut = Math.floor(json.length / 2);
      for (const part of [json.slice(0, cut), json.slice(cut)]) {
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    send('content_block_stop', { index });
  });
  // Without message_delta and message_stop the CLI treats the stream as broken and retries (quirk 2).
  send('message_delta', {
    delta: { stop_reason: reply.stopReason, stop_sequence: null },
    usage: { output_tokens: outputTokens(reply) },
  });
  send('message_stop', {});
  res.end();
}

/** @param {Reply} reply */
const outputTokens = (reply) =>
  reply.content.reduce((n, b) => n + tokens(b.type === 'text' ? b.text : JSON.stringify(b.input)), 0);

/**
 * The non-streaming form, used by the CLI as a fallback when a stream breaks (quirk 2).
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {{ id: string, model: string, inputTokens: number }} meta
 */
function jsonReply(res, reply, meta) {
  sendJson(res, 200, {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content: reply.content,
    stop_reason: reply.stopReason,
    stop_sequence: null,
    usage: { input_tokens: meta.inputTokens, output_tokens: outputTokens(reply) },
  });
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<Buffer>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** @param {Buffer} raw @param {string | undefined} encoding */
function decode(raw, encoding) {
  if (encoding === 'gzip') return gunzipSync(raw);
  if (encoding === 'br') return brotliDecompressSync(raw);
  if (encoding === 'deflate') return inflateSync(raw);
  return raw;
}

/** Headers worth keeping, with credentials redacted. @param {import('node:http').IncomingHttpHeaders} headers */
function recordedHeaders(headers) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const redact = name === 'x-api-key' || name === 'authorization';
    out[name] = redact ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Starts the mock on 127.0.0.1 only.
 * @param {{ port?: number, scenario?: Scenario, log?: (line: string) => void }} [options]
 * @returns {Promise<Mock>}
 */
export async function startMock({ port = 0, scenario = 'ok', log } = {}) {
  if (!SCENARIOS.includes(scenario))
    throw new Error(`unknown scenario "${scenario}": ${SCENARIOS.join(', ')}`);
  /** @type {RecordedRequest[]} */
  const requests = [];
  let counter = 0;
  let apiRequests = 0;

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const route = path.split('?')[0];
    /** @type {unknown} */
    let body = null;
    try {
      const raw = decode(await readBody(req), req.headers['content-encoding']);
      const text = raw.toString('utf8');
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = text;
      }
    } catch (error) {
      body = `<unreadable body: ${/** @type {Error} */ (error).message}>`;
    }
    requests.push({ method, path, headers: recordedHeaders(req.headers), body });
    const n = ++counter;
    const answer = (/** @type {string} */ what) => log?.(`${method} ${path} → ${what}`);

    // 2.1.110 sends HEAD / as a connectivity preflight (cli notes §5).
    if (route === '/' && (method === 'HEAD' || method === 'GET')) {
      answer('200');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(method === 'HEAD' ? undefined : 'ok\n');
      return;
    }
    if (!route?.startsWith('/v1/')) {
      answer('404');
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${route}` } });
      return;
    }
    if (scenario === 'hang') {
      answer('hang');
      return;
    }
    apiRequests += 1;
    const failure =
      scenario === 'ok' || scenario === 'blocker'
        ? null
        : scenario === 'burst429'
          ? apiRequests <= BURST_429
            ? HTTP_ERRORS.http429
            : null
          : HTTP_ERRORS[scenario];
    if (failure) {
      answer(String(failure.status));
      const headers = /** @type {Record<string, string>} */ ({ 'request-id': `req_mock${n}` });
      if (failure.retryAfter !== undefined) headers['retry-after'] = failure.retryAfter;
      sendJson(
        res,
        failure.status,
        { type: 'error', error: { type: failure.type, message: failure.message } },
        headers,
      );
      return;
    }
    const json = rec(body);
    if (method === 'POST' && route === '/v1/messages/count_tokens') {
      answer('count_tokens');
      sendJson(res, 200, { input_tokens: tokens(JSON.stringify(json ?? {})) });
      return;
    }
    if (method === 'GET' && route === '/v1/models') {
      answer('models');
      sendJson(res, 200, {
        data: [
          { type: 'model', id: MODEL_FALLBACK, display_name: 'Mock', created_at: '2026-01-01T00:00:00Z' },
        ],
        has_more: false,
        first_id: MODEL_FALLBACK,
        last_id: MODEL_FALLBACK,
      });
      return;
    }
    if (method !== 'POST' || route !== '/v1/messages' || !json) {
      answer('404');
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `no route ${route}` } });
      return;
    }
    // Unknown fields and betas are accepted: a 400 makes the CLI re-send up to 6 times (quirk 1).
    const reply = replyFor(json, n, scenario === 'blocker' ? 'blocker' : 'approve');
    const meta = {
      id: `msg_mock${String(n).padStart(6, '0')}`,
      model: typeof json.model === 'string' ? json.model : MODEL_FALLBACK,
      inputTokens: tokens(JSON.stringify(json)),
    };
    answer(reply.label);
    if (json.stream === true) streamReply(res, reply, meta);
    else jsonReply(res, reply, meta);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the mock has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    requests,
    close: () =>
      new Promise((resolve) => {
        // A hanging request never ends by itself, so open connections are cut rather than awaited.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** @param {string[]} argv */
function parseArgs(argv) {
  let port = 0;
  /** @type {Scenario} */
  let scenario = 'ok';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--port' && value !== undefined && /^\d+$/.test(value)) {
      port = Number(value);
      i++;
    } else if (arg === '--scenario' && value !== undefined) {
      scenario = /** @type {Scenario} */ (value);
      i++;
    } else {
      throw new Error(`usage: anthropic-mock.mjs [--port N] [--scenario ${SCENARIOS.join('|')}]`);
    }
  }
  return { port, scenario };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const mock = await startMock({ ...parseArgs(process.argv.slice(2)), log: (l) => console.error(l) });
    console.log(mock.url);
    const stop = () => void mock.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    console.error(/** @type {Error} */ (error).message);
    process.exit(2);
  }
}
