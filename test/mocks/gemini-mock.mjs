// @ts-check
/**
 * A mock of the Gemini API (generativelanguage v1beta) for the real `gemini` CLI, dependency-free and bound
 * to 127.0.0.1 only. Point the CLI at it with GOOGLE_GEMINI_BASE_URL plus the settings of
 * test/contract/gemini-setup.ts.
 *
 * Replies are scripted from the request alone, so the CLI's own retries are harmless:
 * - the router call (`:generateContent` with a responseJsonSchema) gets JSON matching the schema;
 * - the latest user text contains "assignments" → a plan JSON, "verdict" → a verdict JSON;
 * - any other turn is work: a `write_file` call for `<agent>-work.md`, then, once the function response
 *   comes back, a final text with a `MILESTONE:` line.
 *
 * Standalone: `node test/mocks/gemini-mock.mjs [--port N] [--scenario S]` prints the base URL and serves
 * until killed. Scenarios: ok, http401, http429, http500, hang (accept and never answer).
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

/** @typedef {'ok' | 'http401' | 'http429' | 'http500' | 'hang'} Scenario */
/** @typedef {{ method: string, path: string, body: unknown }} RecordedRequest */
/**
 * @typedef {object} MockServer
 * @property {string} url base URL for GOOGLE_GEMINI_BASE_URL, e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {RecordedRequest[]} requests every request received, in order
 * @property {() => Promise<void>} close
 */
/** @typedef {{ text?: string, functionCall?: { name: string, args: Record<string, unknown> }, functionResponse?: unknown }} Part */
/** @typedef {{ role?: string, parts?: Part[] }} Content */

export const SCENARIOS = /** @type {const} */ (['ok', 'http401', 'http429', 'http500', 'hang']);

const DEFAULT_AGENTS = ['claude', 'codex', 'gemini'];

/** Google's error bodies for the scripted failures (the CLI prints them inside "[API Error: …]"). */
const HTTP_ERRORS = /** @type {const} */ ({
  http401: {
    code: 401,
    message: 'API key not valid. Please pass a valid API key.',
    status: 'UNAUTHENTICATED',
  },
  http429: {
    code: 429,
    message: 'Resource has been exhausted (e.g. check quota).',
    status: 'RESOURCE_EXHAUSTED',
  },
  http500: { code: 500, message: 'Internal error encountered.', status: 'INTERNAL' },
});

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The body's conversation turns.
 * @param {unknown} body
 * @returns {Content[]}
 */
function contentsOf(body) {
  if (!isObject(body) || !Array.isArray(body.contents)) return [];
  return /** @type {Content[]} */ (body.contents.filter(isObject));
}

/**
 * The text of the latest user turn that carries text (function responses carry none).
 * @param {Content[]} contents
 */
function latestUserText(contents) {
  for (let i = contents.length - 1; i >= 0; i--) {
    const turn = contents[i];
    if (turn?.role !== 'user') continue;
    const text = (turn.parts ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
    if (text !== '') return text;
  }
  return '';
}

/**
 * Whether the model's tool call has been answered: the last turn holds a function response.
 * @param {Content[]} contents
 */
function answersToolCall(contents) {
  const last = contents.at(-1);
  return (last?.parts ?? []).some((p) => p.functionResponse !== undefined);
}

/** @param {string} prompt */
function agentOf(prompt) {
  return /\bYou are ([\w-]+),/.exec(prompt)?.[1] ?? 'agent';
}

/** @param {string} prompt */
function taskOf(prompt) {
  return /^Task: (.+)$/m.exec(prompt)?.[1]?.trim() ?? prompt.trim().split('\n')[0] ?? 'the task';
}

/** @param {string} prompt */
function enabledAgents(prompt) {
  const line = /^Enabled agents: (.+)$/m.exec(prompt)?.[1];
  if (!line) return DEFAULT_AGENTS;
  const agents = line
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  return agents.length > 0 ? agents : DEFAULT_AGENTS;
}

/**
 * The file a work turn writes and what it holds: derived from the prompt only, so tests can predict it.
 * @param {string} prompt
 */
export function workFile(prompt) {
  const agent = agentOf(prompt);
  const task = taskOf(prompt);
  return {
    path: `${agent}-work.md`,
    content: `# ${agent} work\n\nTask: ${task}\n\nWritten through the mock Gemini API.\n`,
  };
}

/**
 * The scripted model reply as a list of parts, each becoming one SSE chunk.
 * @param {Content[]} contents
 * @returns {Part[]}
 */
function scriptedParts(contents) {
  const prompt = latestUserText(contents);
  const { path, content } = workFile(prompt);
  if (answersToolCall(contents)) {
    return [
      { text: `Wrote ${path} for the task.\n` },
      { text: `MILESTONE: ${path} written\n` },
      { text: `Summary: documented "${taskOf(prompt)}" in ${path}.` },
    ];
  }
  if (prompt.includes('"assignments"')) {
    const assignments = enabledAgents(prompt).map((agent) => ({
      agent,
      title: `${agent} part of the task`,
      instructions: `Do the ${agent} part of: ${taskOf(prompt)}`,
      scope: [],
    }));
    return [
      { text: `Here is the plan.\n\n\`\`\`json\n${JSON.stringify({ assignments }, null, 2)}\n\`\`\`\n` },
    ];
  }
  if (prompt.includes('"verdict"')) {
    const verdict = { verdict: 'approve', summary: 'The change does what the task asks.', findings: [] };
    return [{ text: `\`\`\`json\n${JSON.stringify(verdict, null, 2)}\n\`\`\`\n` }];
  }
  return [
    { text: `I will write ${path}.\n` },
    { functionCall: { name: 'write_file', args: { file_path: path, content } } },
  ];
}

/**
 * Token counts from the request size, so usage totals are non-zero and stable.
 * @param {string} raw
 * @param {number} outputTokens
 */
function usage(raw, outputTokens) {
  const promptTokenCount = Math.max(1, Math.ceil(raw.length / 4));
  return {
    promptTokenCount,
    candidatesTokenCount: outputTokens,
    totalTokenCount: promptTokenCount + outputTokens,
  };
}

/**
 * A value of the JSON schema the router asks for (complexity_reasoning, complexity_score); a low score
 * routes to the flash model.
 * @param {unknown} schema
 * @returns {unknown}
 */
function sampleOf(schema) {
  if (!isObject(schema)) return 'OK';
  const type = String(schema.type ?? (isObject(schema.properties) ? 'object' : 'string')).toLowerCase();
  if (type === 'object') {
    const props = isObject(schema.properties) ? schema.properties : {};
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sampleOf(v)]));
  }
  if (type === 'integer' || type === 'number') return 10;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  return 'simple task';
}

/**
 * @param {Part[]} parts
 * @param {boolean} last
 * @param {ReturnType<typeof usage>} usageMetadata
 * @param {string} modelVersion
 */
function chunk(parts, last, usageMetadata, modelVersion) {
  return {
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
    usageMetadata,
    modelVersion,
    responseId: 'mock-response',
  };
}

/**
 * @param {{ port?: number, scenario?: Scenario }} [options]
 * @returns {Promise<MockServer>}
 */
export async function startMock({ port = 0, scenario = 'ok' } = {}) {
  if (!SCENARIOS.includes(scenario))
    throw new Error(`unknown scenario ${scenario}: one of ${SCENARIOS.join(', ')}`);
  /** @type {RecordedRequest[]} */
  const requests = [];
  const server = createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      /** @type {unknown} */
      let body = raw;
      try {
        body = raw === '' ? null : JSON.parse(raw);
      } catch {
        // Kept as text: the log shows what arrived even when it is not JSON.
      }
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? 'GET', path, body });
      respond(req.method ?? 'GET', path, raw, body, res);
    });
  });

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {unknown} payload
   */
  const json = (res, status, payload) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  };

  /**
   * @param {string} method
   * @param {string} path
   * @param {string} raw
   * @param {unknown} body
   * @param {import('node:http').ServerResponse} res
   */
  function respond(method, path, raw, body, res) {
    const route = /^\/v1(?:beta|alpha)?\/models\/([^/:?]+):(\w+)/.exec(path);
    if (!route || method !== 'POST') {
      json(res, 404, {
        error: { code: 404, message: `mock: no route ${method} ${path}`, status: 'NOT_FOUND' },
      });
      return;
    }
    if (scenario === 'hang') return;
    if (scenario !== 'ok') {
      const error = HTTP_ERRORS[scenario];
      json(res, error.code, { error });
      return;
    }
    const [, model = 'mock-model', action] = route;
    if (action === 'countTokens') {
      json(res, 200, { totalTokens: usage(raw, 0).promptTokenCount });
      return;
    }
    const generationConfig = isObject(body) && isObject(body.generationConfig) ? body.generationConfig : {};
    const schema = generationConfig.responseJsonSchema ?? generationConfig.responseSchema;
    if (action === 'generateContent' && schema !== undefined) {
      const text = JSON.stringify(sampleOf(schema));
      json(res, 200, chunk([{ text }], true, usage(raw, 12), model));
      return;
    }
    const parts = scriptedParts(contentsOf(body));
    const usageMetadata = usage(raw, 8 * parts.length);
    if (action === 'generateContent') {
      json(res, 200, chunk(parts, true, usageMetadata, model));
      return;
    }
    if (action !== 'streamGenerateContent') {
      json(res, 404, { error: { code: 404, message: `mock: no action ${action}`, status: 'NOT_FOUND' } });
      return;
    }
    // SSE framing the SDK accepts: `data: <json>` then a blank line per chunk (cli notes §4.1).
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    parts.forEach((part, i) => {
      res.write(`data: ${JSON.stringify(chunk([part], i === parts.length - 1, usageMetadata, model))}\n\n`);
    });
    res.end();
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(undefined));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    close: () =>
      new Promise((resolve) => {
        // The hang scenario leaves requests open; close() must not wait for them.
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** @param {string[]} argv */
async function main(argv) {
  let port = 0;
  /** @type {Scenario} */
  let scenario = 'ok';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--port' && value !== undefined) {
      port = Number(value);
      i++;
    } else if (arg === '--scenario' && value !== undefined) {
      scenario = /** @type {Scenario} */ (value);
      i++;
    } else {
      throw new Error(`usage: gemini-mock.mjs [--port N] [--scenario ${SCENARIOS.join('|')}]`);
    }
  }
  const mock = await startMock({ port, scenario });
  process.stdout.write(`${mock.url}\n`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
