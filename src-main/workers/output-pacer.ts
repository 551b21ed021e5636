/**
 * Paces the handling of the workers' output. A CLI streaming at a steady trickle wakes the orchestrator
 * for every line it writes: sixteen of them at 200 lines/s are 3,200 wake-ups a second, and each one paid
 * for a whole pass of the pipeline (split, raw append, parse, events.jsonl write, hub). Chunks are queued
 * instead, and one shared tick a few milliseconds later handles every worker's queue together: the lines
 * of that tick share one write per file and one hub batch, for a delay well inside a frame.
 *
 * A worker flat out is not held back: once its queue holds a read buffer's worth, it is handled at once,
 * so memory stays bounded and throughput is unchanged.
 */
export class OutputPacer {
  private readonly due = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly delayMs: number) {}

  /** Runs `drain` at the next tick (once, however often it is asked before). */
  schedule(drain: () => void): void {
    if (this.delayMs <= 0) {
      drain();
      return;
    }
    this.due.add(drain);
    if (!this.timer) this.timer = setTimeout(() => this.tick(), this.delayMs);
  }

  /** `drain` has run by other means (its queue filled up, its stream ended): not again at the tick. */
  cancel(drain: () => void): void {
    this.due.delete(drain);
  }

  private tick(): void {
    this.timer = null;
    const due = [...this.due];
    this.due.clear();
    // One worker's failure must not keep the others' output waiting; it is thrown after they ran, as an
    // error in a stream's own 'data' handler would have been.
    let failed = false;
    let failure: unknown;
    for (const drain of due) {
      try {
        drain();
      } catch (error) {
        if (!failed) failure = error;
        failed = true;
      }
    }
    if (failed) throw failure;
  }
}

/**
 * How long a chunk may wait for the shared tick: well under a frame (the hub batches per 16 ms). In the
 * latency benchmark on 2 cores, main's part of the p99 was 7 ms unpaced, 16–22 ms at 8 ms, 9–10 ms at
 * 4 ms; the CPU at scale was the same at 4 and 8 ms within the noise.
 */
export const OUTPUT_PACE_MS = 4;

/** Queued bytes past which a worker's output is handled at once (it is flat out, not trickling). */
export const OUTPUT_FLUSH_BYTES = 64 * 1024;

/** The one pacer of this process: every worker's output shares its ticks. */
export const outputPacer = new OutputPacer(OUTPUT_PACE_MS);

/**
 * One stream's queue of chunks, handed to `handle` in order at the pacer's tick (or at once when large).
 */
export class PacedStream {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private readonly drainNow = (): void => this.drain();

  constructor(
    private readonly handle: (chunk: Buffer) => void,
    private readonly pacer: OutputPacer = outputPacer,
  ) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= OUTPUT_FLUSH_BYTES) {
      this.drain();
    } else {
      this.pacer.schedule(this.drainNow);
    }
  }

  /** Hands over everything queued now (the stream ended, or the tick came). */
  drain(): void {
    if (this.chunks.length === 0) return;
    const chunks = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    this.pacer.cancel(this.drainNow);
    this.handle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  }
}
