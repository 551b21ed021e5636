/**
 * Scale (issue 8 §5): 16 replay workers at 200 lines/s each, in a workspace that already holds stored
 * sessions, with the app's 2-second session-list poll and the renderer stand-in subscribed.
 *   cpuPctOfOneCore: the orchestrator process's CPU time over wall time while all 16 stream (steady state).
 *   startOverheadMs: per worker, from the moment the orchestrator begins to launch it (the `ts` of its
 *     "starting" status) until the stand-in shows its first output line, minus the CLI's own start (from
 *     its spawn, the `ts` of its worker_started event, to its first stdout write, which the replay agent
 *     records): what the orchestrator adds to one worker's start — preparing and spawning it, and carrying
 *     its first line to the renderer — averaged over the workers.
 *   sessionStartOverheadMs (reported beside, no budget): the same but counted from the session's start
 *     request, so it includes the wait for the workers launched before (the spawns run one after another).
 *   readFloorCpuPct (reported beside): the same agents read, cut into lines and JSON.parse'd by a bare
 *     process that does nothing else (bench/agents/read-floor.mjs): the CPU no orchestrator can go below.
 * Budgets: ≤ 15% of one core; ≤ 100 ms.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FORMATS,
  mean,
  replayCommand,
  round,
  runOrchestrator,
  runReadFloor,
  scratch,
  seedSessions,
  type ScenarioAgent,
} from './lib/harness';
import type { Bench } from './types';

const RATE = 200;

export const run: Bench = async ({ quick, log }) => {
  const workers = quick ? 4 : 16;
  const seconds = quick ? 4 : 24;
  const stored = quick ? 20 : 200;
  const lines = RATE * seconds;
  const { dir, cleanup } = scratch('scale');
  const firstWriteFile = (name: string) => join(dir, `first-write-${name}`);
  const agents: ScenarioAgent[] = Array.from({ length: workers }, (_, i) => ({
    name: `replay-${i + 1}`,
    format: FORMATS[i % FORMATS.length]!,
    env: {
      REPLAY_LINES: String(lines),
      REPLAY_RATE: String(RATE),
      REPLAY_FIRST_WRITE: firstWriteFile(`replay-${i + 1}`),
    },
  }));
  try {
    const workspace = join(dir, 'workspace');
    const repo = join(dir, 'repo');
    mkdirSync(workspace);
    mkdirSync(repo);
    seedSessions(workspace, stored);
    const command = replayCommand(dir);

    log(`${workers} workers × ${RATE} lines/s for ${seconds} s, ${stored} stored sessions, list() every 2 s`);
    const result = await runOrchestrator({
      workspace,
      repo,
      command,
      agents,
      sampleMs: 250,
      listPollMs: 2_000,
      timeoutMs: (seconds + 60) * 1000,
    });
    if (result.status !== 'completed') throw new Error(`the session ended ${result.status}`);
    const firsts: number[] = [];
    const cliStarts: number[] = [];
    const fromRequest: number[] = [];
    const parts = { spawn: [] as number[], read: [] as number[], deliver: [] as number[] };
    const overheads = agents.map((a) => {
      const seen = result.standIn.firstOutputAt[a.name];
      const launching = result.standIn.startingAt[a.name];
      const spawned = result.standIn.startedAt[a.name];
      if (seen === undefined || spawned === undefined || launching === undefined) {
        throw new Error(`no output of ${a.name} reached the stand-in`);
      }
      const written = Number(readFileSync(firstWriteFile(a.name), 'utf8'));
      const cliStart = written - spawned;
      firsts.push(seen - result.t0);
      cliStarts.push(cliStart);
      fromRequest.push(seen - result.t0 - cliStart);
      parts.spawn.push(spawned - launching);
      parts.read.push(result.standIn.firstOutputTs[a.name]! - written);
      parts.deliver.push(seen - result.standIn.firstOutputTs[a.name]!);
      return seen - launching - cliStart;
    });
    const allStreaming = result.t0 + Math.max(...firsts);
    // Steady state: every worker streaming, until shortly before the first of them runs out of lines.
    const from = allStreaming + 1000;
    const to = result.t0 + Math.min(...firsts) + seconds * 1000 - 1000;
    const window = result.samples.filter((s) => s.t >= from && s.t <= to);
    if (window.length < 2) throw new Error('the run was too short for a steady-state window');
    const first = window[0]!;
    const last = window.at(-1)!;
    const cpuPct = (100 * (last.cpuMs - first.cpuMs)) / (last.t - first.t);
    const sysPct = (100 * (last.sysMs - first.sysMs)) / (last.t - first.t);
    const linesInWindow = (workers * RATE * (last.t - first.t)) / 1000;

    log(
      `orchestrator CPU ${round(cpuPct)}% of one core (${round(sysPct)}% in the kernel) over ${round((last.t - first.t) / 1000)} s ` +
        `(${round((1000 * (last.cpuMs - first.cpuMs)) / linesInWindow, 1)} µs per line); ` +
        `first output after ${round(mean(firsts))} ms on average, of which the CLI's own start ` +
        `${round(mean(cliStarts))} ms (${workers} starting at once); the orchestrator's part: launch ` +
        `${round(mean(parts.spawn))} ms, first line read ${round(mean(parts.read))} ms after it was written, ` +
        `delivered ${round(mean(parts.deliver))} ms later; ` +
        `list() ${round(result.listMs / Math.max(1, result.listCalls), 2)} ms per call`,
    );
    // The floor: the same agents read and parsed by a bare process, over the same kind of window (from when
    // all of them stream, as seen above, until a second before the lines run out).
    const floor = await runReadFloor(
      agents.map((a) => ({ ...a, env: { ...a.env, REPLAY_FIRST_WRITE: '' } })),
      [Math.max(...cliStarts) + 1000, seconds * 1000 - 1000],
    );
    log(
      `read floor (the same ${workers} agents read, cut into lines and JSON.parse'd by a bare process, nothing ` +
        `else): ${round(floor.cpuPct ?? NaN)}% of one core (${round(floor.sysPct ?? NaN)}% in the kernel)`,
    );
    return {
      cpuPctOfOneCore: round(cpuPct),
      readFloorCpuPct: round(floor.cpuPct ?? NaN),
      kernelPctOfOneCore: round(sysPct),
      startOverheadMs: round(mean(overheads)),
      startOverheadMaxMs: round(Math.max(...overheads)),
      sessionStartOverheadMs: round(mean(fromRequest)),
      cliStartMs: round(mean(cliStarts)),
      workers,
      cpuUsPerLine: round((1000 * (last.cpuMs - first.cpuMs)) / linesInWindow, 1),
      listMsPerCall: round(result.listMs / Math.max(1, result.listCalls), 2),
      storedSessions: stored,
    };
  } finally {
    cleanup();
  }
};
