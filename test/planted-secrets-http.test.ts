import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrchestrate, type ServeProcess } from '../src-main/server/testing/serve-process';
import { survivors } from './fuzz/planted-secrets';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';
import { writeKeyPrinterConfig } from './key-printer-config';

// A real `orchestrate serve` runs a session whose three agents print every planted key (in the claude,
// codex and gemini formats, in every JSON position and escaping, on stderr too): what a client of the
// HTTP API gets — the live event stream from the first event, and every GET about the session — holds none.

const WORKERS = ['c', 'x', 'g'];
const ENDED = new Set(['completed', 'failed', 'stopped', 'escalated', 'paused', 'interrupted']);
const { tempDir, temp } = tempDirs();
let server: ServeProcess;
let repo: string;

beforeAll(async () => {
  const ws = tempDir('orchestrator-ws-');
  repo = scratchRepo();
  temp.push(repo);
  const config = writeKeyPrinterConfig(tempDir, ws);
  server = await startOrchestrate(['serve', '--port', '0', '--workspace', ws, '--config', config], {
    ORCHESTRATOR_HOME: tempDir('orchestrator-home-'),
  });
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.token}`, ...(init.headers as Record<string, string>) },
  });

/**
 * The whole event stream as the bytes came, read until the session's status says it ended; and the
 * JSON of each message, on its own line (so the planted keys are also looked for decoded).
 */
async function readStream(path: string, timeoutMs = 90_000): Promise<{ text: string; data: string[] }> {
  const response = await api(path);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + timeoutMs;
  let text = '';
  const data: string[] = [];
  try {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`the session did not end within ${timeoutMs} ms`);
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      const lines = text.split('\n').filter((l) => l.startsWith('data: '));
      data.splice(0, data.length, ...lines.map((l) => l.slice(6)));
      const ended = data.some((d) => {
        const event = JSON.parse(d) as { type: string; payload: { status?: string } };
        return event.type === 'session_status' && ENDED.has(event.payload.status ?? '');
      });
      if (ended) break;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return { text, data };
}

describe('a served session whose agents print every planted key', () => {
  let sessionId: string;
  let live: { text: string; data: string[] };

  beforeAll(async () => {
    const started = await api('/api/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        task: 'look around',
        repo,
        agents: WORKERS,
        demo: false,
        plan: 'template',
        review: false,
      }),
    });
    expect(started.status).toBe(201);
    sessionId = ((await started.json()) as { sessionId: string }).sessionId;
    // From the first event on, while the agents print.
    live = await readStream(`/api/events/stream?session=${sessionId}&after=0`);
  }, 120_000);

  it('streams every event of the run live without any of the keys', () => {
    // The agents really printed them: their messages arrived, masked.
    expect(live.data.length).toBeGreaterThan(50);
    expect(live.text).toContain('[REDACTED]');
    expect(survivors(live.text)).toEqual([]);
    expect(survivors(live.data.join('\n'))).toEqual([]);
  });

  it('streams the stored log again without any of them', async () => {
    const again = await readStream(`/api/events/stream?session=${sessionId}&after=0`);
    expect(again.data.length).toBe(live.data.length);
    expect(survivors(again.text)).toEqual([]);
    expect(survivors(again.data.join('\n'))).toEqual([]);
  });

  it('answers every GET about the session without any of them', async () => {
    const q = `session=${sessionId}`;
    const paths = [
      '/api/sessions',
      `/api/session?${q}`,
      `/api/workers?${q}`,
      `/api/reviews?${q}`,
      `/api/decisions?${q}`,
      `/api/decisions/open?${q}`,
      `/api/recovery?${q}`,
      `/api/summary?${q}`,
      `/api/log?${q}&from=1&count=1000`,
      `/api/log/search?${q}&q=found`,
      ...WORKERS.flatMap((w) => [
        `/api/log?${q}&worker=${w}&from=1&count=1000`,
        `/api/log/search?${q}&worker=${w}&q=REDACTED`,
        `/api/workers/${w}/raw?${q}&from=1&count=1000`,
        `/api/workers/${w}/raw/search?${q}&q=found`,
        `/api/workers/${w}/raw/search?${q}&q=REDACTED`,
        `/api/workers/${w}/diff?${q}`,
      ]),
    ];
    let masks = 0;
    for (const path of paths) {
      const response = await api(path);
      expect([path, response.status]).toEqual([path, 200]);
      const body = await response.text();
      expect(survivors(body), path).toEqual([]);
      masks += body.split('[REDACTED]').length - 1;
    }
    // The raw logs, events and searches did carry the agents' output, masked.
    expect(masks).toBeGreaterThan(100);
  });
});
