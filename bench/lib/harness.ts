/** Shared pieces of the benchmarks: replay agents, the orchestrator process, the renderer stand-in, figures. */
import { fork, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newWorkerState } from '../../src-shared/state/reduce-session';
import type { Scenario, ScenarioAgent, ScenarioResult } from './orchestrator-process';

export type { Scenario, ScenarioAgent, ScenarioResult } from './orchestrator-process';

export const REPLAY_AGENT = fileURLToPath(new URL('../agents/replay-agent.mjs', import.meta.url));
export const STAND_IN = fileURLToPath(new URL('../agents/renderer-stand-in.mjs', import.meta.url));
const ORCHESTRATOR = fileURLToPath(new URL('./orchestrator-process.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NAIVE = fileURLToPath(new URL('../agents/naive-pipeline.mjs', import.meta.url));
const READ_FLOOR = fileURLToPath(new URL('../agents/read-floor.mjs', import.meta.url));

export const FORMATS = ['claude', 'codex', 'gemini'] as const;

/** A scratch directory, removed by the returned cleanup (kept with BENCH_KEEP=1, to look at the sessions). */
export function scratch(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `orchestrator-bench-${prefix}-`));
  if (process.env.BENCH_KEEP) process.stderr.write(`keeping ${dir}\n`);
  return {
    dir,
    cleanup: () => (process.env.BENCH_KEEP ? undefined : rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * An executable that runs the replay agent with this Node binary: what the config's agent `command` points
 * at. A wrapper, because the script's mode bit may not survive a checkout and `env node` may find another Node.
 */
export function replayCommand(dir: string): string {
  const path = join(dir, 'replay-agent');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(path, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(REPLAY_AGENT)} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}

let bundle: Promise<string> | null = null;

/**
 * bench/lib/orchestrator-process.ts bundled as the app bundles its main process (vite, dependencies
 * inlined): the measured process then runs the code the app runs, not tsx's on-the-fly transform (which,
 * among other things, wraps every closure in a naming helper). Built once per run into out/bench/<pid>.
 */
function orchestratorBundle(): Promise<string> {
  bundle ??= (async () => {
    const { build } = await import('vite');
    const outDir = join(REPO, 'out', 'bench', String(process.pid));
    process.on('exit', () => rmSync(outDir, { recursive: true, force: true }));
    await build({
      configFile: false,
      logLevel: 'warn',
      root: REPO,
      build: {
        ssr: ORCHESTRATOR,
        outDir,
        emptyOutDir: true,
        minify: false,
        sourcemap: false,
        target: 'node20',
        rolldownOptions: { output: { format: 'es', entryFileNames: '[name].mjs' } },
      },
      ssr: { noExternal: true, target: 'node' },
    });
    return join(outDir, 'orchestrator-process.mjs');
  })();
  return bundle;
}

/** Runs one scenario in a fresh orchestrator process (bench/lib/orchestrator-process.ts, bundled). */
export async function runOrchestrator(scenario: Omit<Scenario, 'standIn'>): Promise<ScenarioResult> {
  const entry = await orchestratorBundle();
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the orchestrator process there (to find hot spots).
      // BENCH_NODE_FLAGS: extra V8/Node flags for it (experiments).
      execArgv: [
        ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
        ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (message: { type: string; result?: ScenarioResult; message?: string }) => {
      if (message.type === 'ready') child.send({ type: 'run', scenario: { ...scenario, standIn: STAND_IN } });
      else if (message.type === 'result') {
        settled = true;
        resolve(message.result!);
      } else if (message.type === 'error') {
        settled = true;
        reject(new Error(`orchestrator process: ${message.message}`));
      }
    });
    child.on('exit', (code, signal) => {
      if (!settled) reject(new Error(`orchestrator process ended early (${signal ?? code})`));
    });
  });
}

export interface ReplayRun {
  /** The recorded lines of each agent, without newlines. */
  lines: string[][];
  totalLines: number;
  totalBytes: number;
}

/** Runs each agent's replay into a file and reads the lines back: what the references replay. */
export async function recordReplays(dir: string, agents: ScenarioAgent[]): Promise<ReplayRun> {
  const lines: string[][] = [];
  let totalBytes = 0;
  for (const [i, agent] of agents.entries()) {
    const file = join(dir, `replay-${i}.jsonl`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [REPLAY_AGENT], {
        env: { ...process.env, REPLAY_FORMAT: agent.format, ...agent.env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`replay agent exited with ${code}`));
        writeFileSync(file, Buffer.concat(chunks));
        resolve();
      });
    });
    const text = readFileSync(file, 'utf8');
    totalBytes += Buffer.byteLength(text);
    const agentLines = text.split('\n');
    if (agentLines.at(-1) === '') agentLines.pop();
    lines.push(agentLines);
  }
  return { lines, totalLines: lines.reduce((n, l) => n + l.length, 0), totalBytes };
}

/** Forks a reference process (a plain .mjs under bench/agents) and waits for the one message it replies. */
function forkForReply<T>(path: string, env: Record<string, string>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(path, [], {
      execArgv: [],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message: T) => resolve(message));
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`${what} exited with ${code}`))));
  });
}

/** The naive pipeline (bench/agents/naive-pipeline.mjs) over the same agents; its elapsed ms. */
export function runNaive(agents: ScenarioAgent[]): Promise<{ elapsedMs: number; lines: number }> {
  return forkForReply(
    NAIVE,
    { NAIVE_AGENTS: JSON.stringify(agents), NAIVE_REPLAY: REPLAY_AGENT, NAIVE_STAND_IN: STAND_IN },
    'naive pipeline',
  );
}

export interface ReadFloor {
  elapsedMs: number;
  lines: number;
  /** CPU of the reading process over the window asked for, % of one core (with `windowMs` only). */
  cpuPct?: number;
  sysPct?: number;
}

/**
 * The read floor (bench/agents/read-floor.mjs) over the same agents: spawn, read, cut into lines and
 * JSON.parse, nothing else. `windowMs` [from, to] after the spawn: also its CPU over that window.
 */
export function runReadFloor(agents: ScenarioAgent[], windowMs?: [number, number]): Promise<ReadFloor> {
  return forkForReply(
    READ_FLOOR,
    {
      FLOOR_AGENTS: JSON.stringify(agents),
      FLOOR_REPLAY: REPLAY_AGENT,
      ...(windowMs ? { FLOOR_WINDOW: windowMs.join(',') } : {}),
    },
    'read floor',
  );
}

/**
 * Fills a workspace with `count` finished sessions (session.json and summary.json, three workers each, a
 * dozen changed files), as a user's data folder holds after a few weeks: what the session list reads.
 */
export function seedSessions(workspace: string, count: number): void {
  const day = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    const sessionId = `20260101-0000${String(i).padStart(2, '0')}-seed${String(i).padStart(2, '0')}`;
    const folder = join(workspace, sessionId);
    mkdirSync(join(folder, 'workers'), { recursive: true });
    const startedAt = new Date(day + i * 3_600_000).toISOString();
    const endedAt = new Date(day + i * 3_600_000 + 900_000).toISOString();
    const files = Array.from({ length: 12 }, (_, f) => `src/module-${f}.ts`);
    const workers = FORMATS.map((agent) => ({
      ...newWorkerState(agent, agent, join(folder, 'worktrees', agent), false),
      status: 'completed' as const,
      exitCode: 0,
      sessionRef: `ref-${i}-${agent}`,
      tokens: { input: 120_000, output: 8_000, cached: 90_000 },
      costUsd: 0.42,
      filesChanged: files,
      branch: `orchestrator/${sessionId}/${agent}`,
      startedAt,
      endedAt,
      lastActivity: 'completed',
    }));
    const state = {
      sessionId,
      task: `seeded task ${i}: refactor the module loader and document it`,
      repo: '/home/dev/project',
      folder,
      status: 'completed',
      demo: false,
      baseCommit: 'a'.repeat(40),
      startedAt,
      endedAt,
      workers,
    };
    const summary = {
      sessionId,
      task: state.task,
      status: 'completed',
      startedAt,
      endedAt,
      workers: workers.map((w) => ({
        workerId: w.workerId,
        agent: w.agent,
        status: w.status,
        exitCode: 0,
        sessionRef: w.sessionRef,
        tokens: w.tokens,
        costUsd: w.costUsd,
        filesChanged: files,
        recoveries: 0,
        branch: w.branch,
      })),
      reviews: [],
      decisions: [{ action: 'CONTINUE', reason: 'every reviewer approved' }],
    };
    writeFileSync(join(folder, 'session.json'), JSON.stringify(state, null, 2));
    writeFileSync(join(folder, 'summary.json'), JSON.stringify(summary, null, 2));
  }
}

export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export const mean = (values: number[]): number =>
  values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
