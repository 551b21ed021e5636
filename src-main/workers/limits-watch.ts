import { GroupSampler, type GroupSample } from './group-sampler';

export interface WorkerLimits {
  maxRuntimeSec: number;
  idleTimeoutSec: number;
  memoryMb: number;
  /** Share of the whole machine (all cores) the group may use on average over cpuWindowSec. */
  cpuPercent: number;
  cpuWindowSec: number;
  /** Not watched here: the line-length cap of the worker's output (config limits.maxLineChars). */
  maxLineChars?: number | undefined;
}

export interface LimitHit {
  limit: 'runtime' | 'idle' | 'memory' | 'cpu';
  /** The measured figure (seconds, MB or percent) and the limit it crossed. */
  figure: number;
  max: number;
  message: string;
}

/**
 * Health of one running worker: wall-clock runtime, silence, memory and CPU of its whole process group.
 * Paused time counts for none of them — a person chose to pause. Reports the first limit crossed, once.
 */
export class LimitsWatch {
  private timer: NodeJS.Timeout | null = null;
  private readonly sampler: GroupSampler;
  private activeMs = 0;
  private idleMs = 0;
  private lastTick = performance.now();
  private paused = false;
  private hit = false;
  private cpuWindow: Array<{ ms: number; percent: number }> = [];
  lastSample: GroupSample | null = null;

  constructor(
    pgid: number,
    private readonly limits: WorkerLimits,
    private readonly onHit: (hit: LimitHit) => void,
    private readonly intervalMs = 1000,
  ) {
    this.sampler = new GroupSampler(pgid);
  }

  start(): void {
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** The worker printed something: it is not idle. */
  activity(): void {
    this.idleMs = 0;
  }

  setPaused(paused: boolean): void {
    this.advance();
    this.paused = paused;
    this.idleMs = 0;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private advance(): number {
    const now = performance.now();
    const elapsed = now - this.lastTick;
    this.lastTick = now;
    if (!this.paused) {
      this.activeMs += elapsed;
      this.idleMs += elapsed;
    }
    return elapsed;
  }

  private tick(): void {
    const elapsed = this.advance();
    if (this.paused || this.hit) return;
    const sample = this.sampler.sample();
    this.lastSample = sample;
    this.cpuWindow.push({ ms: elapsed, percent: sample.cpuPercent });
    const windowMs = this.limits.cpuWindowSec * 1000;
    let covered = this.cpuWindow.reduce((sum, s) => sum + s.ms, 0);
    while (this.cpuWindow.length > 1 && covered - this.cpuWindow[0]!.ms >= windowMs)
      covered -= this.cpuWindow.shift()!.ms;
    const check = this.firstHit(sample, covered >= windowMs ? average(this.cpuWindow) : null);
    if (check) {
      this.hit = true;
      this.stop();
      this.onHit(check);
    }
  }

  private firstHit(sample: GroupSample, cpuAverage: number | null): LimitHit | null {
    const { limits } = this;
    const runtime = this.activeMs / 1000;
    if (runtime > limits.maxRuntimeSec) {
      return {
        limit: 'runtime',
        figure: round(runtime),
        max: limits.maxRuntimeSec,
        message: `ran ${round(runtime)} s, over the ${limits.maxRuntimeSec} s limit`,
      };
    }
    const idle = this.idleMs / 1000;
    if (idle > limits.idleTimeoutSec) {
      return {
        limit: 'idle',
        figure: round(idle),
        max: limits.idleTimeoutSec,
        message: `no output for ${round(idle)} s, over the ${limits.idleTimeoutSec} s limit`,
      };
    }
    if (sample.rssMb > limits.memoryMb) {
      return {
        limit: 'memory',
        figure: round(sample.rssMb),
        max: limits.memoryMb,
        message: `uses ${round(sample.rssMb)} MB of memory, over the ${limits.memoryMb} MB limit`,
      };
    }
    if (cpuAverage !== null && cpuAverage > limits.cpuPercent) {
      return {
        limit: 'cpu',
        figure: round(cpuAverage),
        max: limits.cpuPercent,
        message: `used ${round(cpuAverage)}% of the machine's CPU over ${limits.cpuWindowSec} s, over the ${limits.cpuPercent}% limit`,
      };
    }
    return null;
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;

function average(window: Array<{ ms: number; percent: number }>): number {
  const total = window.reduce((sum, s) => sum + s.ms, 0);
  return total > 0 ? window.reduce((sum, s) => sum + s.percent * s.ms, 0) / total : 0;
}
