/**
 * The desktop app as the browser-side benchmarks run it: the E2E harness (e2e/harness/app-harness.ts) —
 * the built main bundle in Node with `electron` doubled, the built preload and renderer in Chromium — with
 * replay agents configured as the session's workers. Shared by latency, memory-renderer and ui.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import type { OrchestratorApi } from '../../src-shared/ipc/contract';
import { AppHarness } from '../../e2e/harness/app-harness';
import { FORMATS, REPLAY_AGENT } from './harness';

export { AppHarness } from '../../e2e/harness/app-harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE_PROBES = fileURLToPath(new URL('./page-probes.js', import.meta.url));
const FORMAT = {
  claude: 'claude-stream-json',
  codex: 'codex-exec-json',
  gemini: 'gemini-stream-json',
} as const;
export type ReplayFormat = (typeof FORMATS)[number];

/** What page code sees; the benches' tsconfig has no DOM types, so the page's globals are named here. */
export interface PageGlobals {
  orchestrator: OrchestratorApi;
  sessionStorage: { setItem(key: string, value: string): void };
  __benchProbe: ProbeState;
  /** bench/lib/page-probes.js */
  __bench: {
    installProbe(): void;
    timeToRows(role: string, name: string, log: string): Promise<number>;
    scrollFps(log: string, step: number, frames: number): Promise<{ fps: number; longestMs: number }>;
    timeToSearch(query: string): Promise<{ ms: number; status: string }>;
  };
}
export const pageGlobals = (): PageGlobals => globalThis as unknown as PageGlobals;

let built = false;

/** Builds out/ from the current sources, as the E2E suite does before it runs; once per run. */
export function buildApp(): void {
  if (built) return;
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

export interface AppOptions {
  dir: string;
  /** Environment of every replay agent (REPLAY_LINES, REPLAY_RATE…); REPLAY_FORMAT is set per agent. */
  replayEnv?: Record<string, string>;
  /** Seconds the agents wait before their first line, so the page can open the session first. */
  startDelay?: number;
}

/** The replay agent behind a wrapper that waits a moment first and runs it with this Node binary. */
function delayedReplay(dir: string, seconds: number): string {
  const path = join(dir, 'replay-agent');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    path,
    `#!/bin/sh\nsleep ${seconds}\nexec ${quote(process.execPath)} ${quote(REPLAY_AGENT)} "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

export interface App {
  harness: AppHarness;
  page: Page;
  /** Where the app keeps its sessions. */
  workspace: string;
  /** The replay agents' names, one per format. */
  agents: string[];
  close(): Promise<void>;
}

/**
 * Starts the app with a config whose agents are replay agents (one per CLI format), with review off and
 * no worktrees, so only the replayed lines flow.
 */
export async function launchApp({ dir, replayEnv = {}, startDelay = 0 }: AppOptions): Promise<App> {
  const appData = join(dir, 'app-data');
  const userData = join(appData, 'Orchestrator');
  mkdirSync(userData, { recursive: true });
  const command = delayedReplay(dir, startDelay);
  const agents = FORMATS.map((format) => `replay-${format}`);
  const config = {
    agents: Object.fromEntries(
      FORMATS.map((format) => [
        `replay-${format}`,
        { command, env: { ...replayEnv, REPLAY_FORMAT: format }, format: FORMAT[format] },
      ]),
    ),
    review: { enabled: false },
    worktrees: false,
  };
  writeFileSync(join(userData, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const harness = await AppHarness.launch({ appData, checkEvents: false });
  // The page-side measurements, in every document the page loads (a reload opens a session).
  const probes = readFileSync(PAGE_PROBES, 'utf8');
  await harness.page.addInitScript(probes);
  await harness.page.evaluate(probes);
  return {
    harness,
    page: harness.page,
    workspace: join(userData, 'sessions'),
    agents,
    close: () => harness.close(),
  };
}

/** Starts a session of the replay agents through the page's own bridge; its id. */
export async function startSession(app: App, repo: string): Promise<string> {
  mkdirSync(repo, { recursive: true });
  const result = await app.page.evaluate(
    ({ repo, agents }) =>
      (globalThis as unknown as PageGlobals).orchestrator.session.start({
        task: 'benchmark: replay recorded CLI output',
        repo,
        agents,
        demo: false,
        plan: 'template',
        review: false,
      }),
    { repo, agents: app.agents },
  );
  if (!result.ok) throw new Error(`the session did not start: ${result.error.message}`);
  return result.value.sessionId;
}

/** Opens a session on the page the way a reload lands back on it (main.tsx reopens the stored one). */
export async function openSession(app: App, sessionId: string): Promise<void> {
  await app.page.evaluate(
    (id) => (globalThis as unknown as PageGlobals).sessionStorage.setItem('orchestrator.openSession', id),
    sessionId,
  );
  await app.harness.reload();
  await app.page.locator('.session-header').waitFor({ timeout: 60_000 });
}

/** The renderer's JS heap after a full garbage collection, in MB. */
export async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

/** Starts counting the events that reach the page, and timing the stamped ones (see page-probes.js). */
export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as PageGlobals).__bench.installProbe());
}

export interface ProbeState {
  events: number;
  lastSeq: number;
  /** Per stamped event: when its line was written, and how long until it was in the store (ms). */
  stamped: [number, number][];
  /** Per stamped event: its write time, ms from then to its event's ts (main) and to its arrival on the page. */
  stages: [number, number, number][];
  /** When the first batch reached the page. */
  firstAt: number;
}

export const readProbe = (page: Page): Promise<ProbeState> =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__benchProbe);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
