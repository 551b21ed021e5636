/**
 * Main-process memory (issue 8 §3): a session of 1,000,000 events (three replay agents at 2,500 lines/s
 * each, a ~1 MB tool-result line every 5,000 lines) through the real pipeline, the renderer stand-in subscribed as the app's
 * window is. The orchestrator process samples its own RSS; the figure is the growth from the moment the log
 * holds 10,000 events to the moment it holds 1,000,000. Budget: ≤ 50 MB.
 *
 * The process first runs a short warm-up session (unmeasured), as the app's main process has done work
 * before: measured cold, the first seconds of any workload grow V8's heap to its working size, whatever
 * the session's length. The renderer lag (events sent but not yet received) is reported beside: memory
 * held for a renderer that falls behind is main-process memory too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, replayCommand, round, runOrchestrator, scratch, type ScenarioAgent } from './lib/harness';
import type { Sample } from './lib/orchestrator-process';
import type { Bench } from './types';

/** Events the parsers make per replayed line, a little under the measured ~1.5: the run overshoots. */
const EVENTS_PER_LINE = 1.4;
const FROM = 10_000;
/**
 * Lines per second per agent: a busy session (far beyond what a CLI prints), but one the renderer keeps up
 * with. Flat out, the agents outrun any renderer, and what then grows is the backlog of batches sent to it.
 */
const RATE = Number(process.env.BENCH_MEMORY_RATE ?? 2_500);

/** The first sample at or past `seq` events (the last sample when the run ended short of it). */
const sampleAt = (samples: Sample[], seq: number): Sample =>
  samples.find((s) => s.seq >= seq) ?? samples.at(-1)!;

export const run: Bench = async ({ quick, log }) => {
  const target = quick ? 30_000 : 1_000_000;
  const linesPerAgent = Math.ceil(target / FORMATS.length / EVENTS_PER_LINE);
  const agents: ScenarioAgent[] = FORMATS.map((format) => ({
    name: `replay-${format}`,
    format,
    env: { REPLAY_LINES: String(linesPerAgent), REPLAY_RATE: String(RATE), REPLAY_BIG_EVERY: '5000' },
  }));
  const { dir, cleanup } = scratch('memory');
  try {
    const workspace = join(dir, 'workspace');
    const repo = join(dir, 'repo');
    mkdirSync(workspace);
    mkdirSync(repo);
    log(`3 agents × ${linesPerAgent} lines at ${RATE} lines/s each, aiming at ${target} events`);
    const result = await runOrchestrator({
      workspace,
      repo,
      command: replayCommand(dir),
      agents,
      sampleMs: 100,
      warmupLines: quick ? 1_000 : 20_000,
      listPollMs: 2_000,
      timeoutMs: quick ? 120_000 : 480_000,
    });
    if (result.status !== 'completed') throw new Error(`the session ended ${result.status}`);
    if (result.lastSeq < target) throw new Error(`the session made ${result.lastSeq} events, not ${target}`);
    if (result.standIn.events !== result.lastSeq) {
      throw new Error(`the stand-in got ${result.standIn.events} of ${result.lastSeq} events`);
    }
    const samples = result.samples;
    // BENCH_SAMPLES=<file> keeps every sample (seq, RSS, heap, external, renderer lag, CPU) for a closer look.
    if (process.env.BENCH_SAMPLES) writeFileSync(process.env.BENCH_SAMPLES, JSON.stringify(samples));
    const from = sampleAt(samples, FROM);
    const to = sampleAt(samples, target);
    const between = samples.filter((s) => s.t >= from.t && s.t <= to.t);
    const peak = Math.max(...between.map((s) => s.rssMb));
    const seconds = (result.doneAt - result.t0) / 1000;
    log(
      `${result.lastSeq} events in ${round(seconds)} s; RSS ${round(from.rssMb)} MB at ${from.seq} events, ` +
        `${round(to.rssMb)} MB at ${to.seq}, peak ${round(peak)} MB; heap ${round(from.heapMb)} → ${round(to.heapMb)} MB, external ${round(from.externalMb)} → ${round(to.externalMb)} MB`,
    );
    const lag = Math.max(...between.map((s) => s.rendererLag));
    return {
      rssGrowthMb: round(to.rssMb - from.rssMb),
      rssPeakGrowthMb: round(peak - from.rssMb),
      rssAtStartMb: round(from.rssMb),
      rssAtEndMb: round(to.rssMb),
      heapGrowthMb: round(to.heapMb - from.heapMb),
      mainEvents: result.lastSeq,
      mainEventsPerSec: Math.round(result.lastSeq / seconds),
      maxRendererLagEvents: lag,
    };
  } finally {
    cleanup();
  }
};
