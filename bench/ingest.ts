/**
 * Ingest (issue 8 §1): three replay agents (claude, codex, gemini formats, some ~1 MB tool-result lines)
 * flat out through the real pipeline — spawn → raw.jsonl → parser → events.jsonl → hub → EventForwarder →
 * a renderer stand-in process, in the app's batches — measured from the session's start until the stand-in
 * holds every event. On the same lines, two references:
 *   (a) the physical limit: JSON.parse of every line in a tight loop, one process, no I/O;
 *   (b) the naive pipeline: readline, JSON.parse, one IPC message per line, no batching, no persistence;
 * and a third, the floor under any pipeline here: (c) the same agents read, cut into lines and JSON.parse'd
 * by a bare process, nothing else (bench/agents/read-floor.mjs).
 * Budget: linesPerSec ≥ 30% of (a) and ≥ 5× (b).
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  FORMATS,
  recordReplays,
  replayCommand,
  round,
  runNaive,
  runOrchestrator,
  runReadFloor,
  scratch,
  type ScenarioAgent,
} from './lib/harness';
import type { Bench } from './types';

const MB = 2 ** 20;

/** JSON.parse over every line, repeated until at least minMs have passed; lines per second. */
function parseLimit(lines: string[][], minMs: number): { linesPerSec: number; bytesPerSec: number } {
  const all = lines.flat();
  const bytes = all.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  let sink = 0;
  // One warm-up pass so the figure is the steady state, not the first compilation.
  for (const line of all) sink += JSON.parse(line) === null ? 0 : 1;
  let rounds = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const line of all) sink += JSON.parse(line) === null ? 0 : 1;
    rounds += 1;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  if (sink === 0) throw new Error('nothing parsed');
  return {
    linesPerSec: (all.length * rounds * 1000) / elapsed,
    bytesPerSec: (bytes * rounds * 1000) / elapsed,
  };
}

function countLines(path: string): number {
  const data = readFileSync(path);
  let n = 0;
  for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) n += 1;
  return n;
}

export const run: Bench = async ({ quick, log }) => {
  const linesPerAgent = quick ? 3_000 : 40_000;
  const bigEvery = quick ? 1_000 : 2_000;
  const agents: ScenarioAgent[] = FORMATS.map((format) => ({
    name: `replay-${format}`,
    format,
    env: { REPLAY_LINES: String(linesPerAgent), REPLAY_RATE: '0', REPLAY_BIG_EVERY: String(bigEvery) },
  }));
  const { dir, cleanup } = scratch('ingest');
  try {
    const replay = await recordReplays(dir, agents);
    const mb = replay.totalBytes / MB;
    log(
      `${replay.totalLines} lines, ${round(mb)} MB (3 agents × ${linesPerAgent} lines, one ~1 MB line every ${bigEvery})`,
    );

    const limit = parseLimit(replay.lines, quick ? 200 : 2_000);
    log(
      `(a) JSON.parse limit: ${Math.round(limit.linesPerSec)} lines/s, ${round(limit.bytesPerSec / MB)} MB/s`,
    );

    const naive = await runNaive(agents);
    if (naive.lines !== replay.totalLines) throw new Error(`naive pipeline saw ${naive.lines} lines`);
    const naiveLinesPerSec = (naive.lines * 1000) / naive.elapsedMs;
    log(
      `(b) naive pipeline: ${Math.round(naiveLinesPerSec)} lines/s, ${round((mb * 1000) / naive.elapsedMs)} MB/s`,
    );

    const floor = await runReadFloor(agents);
    if (floor.lines !== replay.totalLines) throw new Error(`the read floor saw ${floor.lines} lines`);
    const floorLinesPerSec = (floor.lines * 1000) / floor.elapsedMs;
    log(
      `(c) read floor (spawn, read, cut, JSON.parse; nothing else): ${Math.round(floorLinesPerSec)} lines/s = ` +
        `${round((100 * floorLinesPerSec) / limit.linesPerSec)}% of (a), ${round(floorLinesPerSec / naiveLinesPerSec, 2)}× (b)`,
    );

    const workspace = join(dir, 'workspace');
    const repo = join(dir, 'repo');
    mkdirSync(workspace);
    mkdirSync(repo);
    const result = await runOrchestrator({
      workspace,
      repo,
      command: replayCommand(dir),
      agents,
      sampleMs: 0,
      listPollMs: 2_000,
      timeoutMs: quick ? 60_000 : 300_000,
    });
    if (result.status !== 'completed') throw new Error(`the session ended ${result.status}`);
    if (result.standIn.events !== result.lastSeq) {
      throw new Error(`the stand-in got ${result.standIn.events} of ${result.lastSeq} events`);
    }
    const workersDir = join(result.folder, 'workers');
    const rawLines = readdirSync(workersDir).reduce(
      (n, w) => n + countLines(join(workersDir, w, 'raw.jsonl')),
      0,
    );
    if (rawLines !== replay.totalLines)
      throw new Error(`raw.jsonl holds ${rawLines} of ${replay.totalLines} lines`);
    const elapsedMs = result.doneAt - result.t0;
    const cpuMs = result.samples.at(-1)!.cpuMs - result.samples[0]!.cpuMs;
    const linesPerSec = (replay.totalLines * 1000) / elapsedMs;
    log(
      `pipeline: ${Math.round(linesPerSec)} lines/s, ${round((mb * 1000) / elapsedMs)} MB/s, ` +
        `${result.lastSeq} events in ${result.standIn.messages} batches, ${Math.round(elapsedMs)} ms; ` +
        `orchestrator CPU ${Math.round(cpuMs)} ms (${round((1000 * cpuMs) / replay.totalLines, 2)} µs/line)`,
    );
    return {
      linesPerSec: Math.round(linesPerSec),
      parseLimitLinesPerSec: Math.round(limit.linesPerSec),
      naiveLinesPerSec: Math.round(naiveLinesPerSec),
      mbPerSec: round((mb * 1000) / elapsedMs),
      parseLimitMbPerSec: round(limit.bytesPerSec / MB),
      naiveMbPerSec: round((mb * 1000) / naive.elapsedMs),
      readFloorLinesPerSec: Math.round(floorLinesPerSec),
      pctOfReadFloor: round((100 * linesPerSec) / floorLinesPerSec),
      pctOfParseLimit: round((100 * linesPerSec) / limit.linesPerSec),
      timesNaive: round(linesPerSec / naiveLinesPerSec, 2),
      lines: replay.totalLines,
      mb: round(mb),
      events: result.lastSeq,
      batches: result.standIn.messages,
      orchestratorCpuUsPerLine: round((1000 * cpuMs) / replay.totalLines, 2),
    };
  } finally {
    cleanup();
  }
};
