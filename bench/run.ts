/**
 * `npm run bench [-- --json] [--quick] [--only ingest,scale] [--strict]`: runs the benchmarks of issue 8 one
 * after another and prints each figure with its budget (BENCHMARKS.md). These are measurements, not timed
 * tests: a missed budget is reported as "over" and fails the run only with --strict; a benchmark that throws
 * fails it always.
 *
 * --json prints exactly one object on stdout (progress goes to stderr):
 *   {machine:{cores,node,…}, ingest:{linesPerSec,parseLimitLinesPerSec,naiveLinesPerSec,…},
 *    latency:{p99Ms,…}, memory:{rssGrowthMb,rendererGrowthMb,…}, ui:{firstPaintMs,scrollFps,searchMs,…},
 *    scale:{cpuPctOfOneCore,startOverheadMs,…}, serve:{sseIdleRssGrowthMb,sseIdleSlowdownPct,…}}
 * A figure whose benchmark is missing, failed or was not selected is null.
 * --quick is the CI version: small sizes, it only shows that every benchmark runs and yields finite numbers.
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Bench, Figures } from './types';

export const BENCH_NAMES = [
  'ingest',
  'latency',
  'memory-main',
  'memory-renderer',
  'ui',
  'scale',
  'sse-idle',
] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

type Section = 'ingest' | 'latency' | 'memory' | 'ui' | 'scale' | 'serve';

/** Which output section each benchmark's figures go to. */
const SECTION_OF: Record<BenchName, Section> = {
  ingest: 'ingest',
  latency: 'latency',
  'memory-main': 'memory',
  'memory-renderer': 'memory',
  ui: 'ui',
  scale: 'scale',
  'sse-idle': 'serve',
};

/** The figures the issue names, per section, in output order; a bench may add more. */
const REQUIRED: Record<Section, string[]> = {
  ingest: ['linesPerSec', 'parseLimitLinesPerSec', 'naiveLinesPerSec'],
  latency: ['p99Ms'],
  memory: ['rssGrowthMb', 'rendererGrowthMb'],
  ui: ['firstPaintMs', 'scrollFps', 'searchMs'],
  scale: ['cpuPctOfOneCore', 'startOverheadMs'],
  serve: ['sseIdleRssGrowthMb', 'sseIdleSlowdownPct'],
};

export interface Budget {
  section: Section;
  figure: string;
  /** Human form of the budget, e.g. "≤ 50 ms". */
  text: string;
  unit: string;
  /** null when a figure it needs is missing. */
  check: (s: Record<Section, Figures>) => boolean | null;
}

const at = (s: Record<Section, Figures>, section: Section, figure: string): number | null => {
  const value = s[section][figure];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const atMost = (section: Section, figure: string, limit: number, unit: string): Budget => ({
  section,
  figure,
  unit,
  text: `≤ ${limit} ${unit}`,
  check: (s) => {
    const v = at(s, section, figure);
    return v === null ? null : v <= limit;
  },
});

const atLeast = (section: Section, figure: string, limit: number, unit: string): Budget => ({
  section,
  figure,
  unit,
  text: `≥ ${limit} ${unit}`,
  check: (s) => {
    const v = at(s, section, figure);
    return v === null ? null : v >= limit;
  },
});

/** The budgets of issue 8; BENCHMARKS.md lists the same. */
export const BUDGETS: Budget[] = [
  {
    section: 'ingest',
    figure: 'linesPerSec',
    unit: 'lines/s',
    text: '≥ 30% of the JSON.parse limit and ≥ 5× the naive pipeline',
    check: (s) => {
      const v = at(s, 'ingest', 'linesPerSec');
      const limit = at(s, 'ingest', 'parseLimitLinesPerSec');
      const naive = at(s, 'ingest', 'naiveLinesPerSec');
      if (v === null || limit === null || naive === null) return null;
      return v >= 0.3 * limit && v >= 5 * naive;
    },
  },
  atMost('latency', 'p99Ms', 50, 'ms'),
  atMost('memory', 'rssGrowthMb', 50, 'MB'),
  atMost('memory', 'rendererGrowthMb', 50, 'MB'),
  atMost('ui', 'firstPaintMs', 200, 'ms'),
  atLeast('ui', 'scrollFps', 55, 'fps'),
  atMost('ui', 'searchMs', 1000, 'ms'),
  atMost('scale', 'cpuPctOfOneCore', 15, '%'),
  atMost('scale', 'startOverheadMs', 100, 'ms'),
  atMost('serve', 'sseIdleRssGrowthMb', 100, 'MB'),
  atMost('serve', 'sseIdleSlowdownPct', 20, '%'),
];

export interface RunOptions {
  quick: boolean;
  only?: readonly string[];
  log: (line: string) => void;
}

export interface BenchOutcome {
  name: BenchName;
  status: 'ok' | 'not available' | 'failed' | 'skipped';
  figures: Figures;
  error?: string;
  seconds: number;
}

export interface RunResult {
  report: Record<string, Record<string, number | string | null>>;
  outcomes: BenchOutcome[];
  budgets: Array<{ budget: Budget; ok: boolean | null }>;
}

/** A module that is simply not there yet (another part of the work) is "not available", not a failure. */
async function loadBench(name: BenchName): Promise<Bench | null> {
  const url = new URL(`./${name}.ts`, import.meta.url);
  try {
    const module = (await import(url.href)) as { run?: Bench };
    if (typeof module.run !== 'function') throw new Error(`bench/${name}.ts exports no run()`);
    return module.run;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const missing =
      (e.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module/.test(e.message)) &&
      e.message.includes(`${name}.ts`);
    if (missing) return null;
    throw error;
  }
}

export function machine(): Record<string, number | string> {
  const cpu = cpus()[0];
  return {
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpu?.model ?? 'unknown',
    memTotalMb: Math.round(totalmem() / 2 ** 20),
    loadAvg1m: Math.round(loadavg()[0]! * 100) / 100,
  };
}

export async function runBenchmarks(options: RunOptions): Promise<RunResult> {
  const sections: Record<Section, Figures> = {
    ingest: {},
    latency: {},
    memory: {},
    ui: {},
    scale: {},
    serve: {},
  };
  const outcomes: BenchOutcome[] = [];
  const wanted = options.only && options.only.length > 0 ? new Set(options.only) : null;
  for (const name of wanted ?? []) {
    if (!(BENCH_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown benchmark "${name}" (known: ${BENCH_NAMES.join(', ')})`);
    }
  }
  for (const name of BENCH_NAMES) {
    if (wanted && !wanted.has(name)) {
      outcomes.push({ name, status: 'skipped', figures: {}, seconds: 0 });
      continue;
    }
    const started = performance.now();
    const seconds = () => Math.round((performance.now() - started) / 100) / 10;
    try {
      const run = await loadBench(name);
      if (!run) {
        options.log(`[${name}] not available`);
        outcomes.push({ name, status: 'not available', figures: {}, seconds: 0 });
        continue;
      }
      options.log(`[${name}] running${options.quick ? ' (quick)' : ''}`);
      const figures = await run({ quick: options.quick, log: (line) => options.log(`[${name}] ${line}`) });
      Object.assign(sections[SECTION_OF[name]], figures);
      outcomes.push({ name, status: 'ok', figures, seconds: seconds() });
      options.log(`[${name}] done in ${seconds()} s`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.log(`[${name}] FAILED: ${message}`);
      outcomes.push({ name, status: 'failed', figures: {}, error: message, seconds: seconds() });
    }
  }
  const report: RunResult['report'] = { machine: machine() };
  for (const section of Object.keys(REQUIRED) as Section[]) {
    const out: Record<string, number | null> = {};
    for (const key of REQUIRED[section]) out[key] = at(sections, section, key);
    for (const [key, value] of Object.entries(sections[section])) if (!(key in out)) out[key] = value;
    report[section] = out;
  }
  const budgets = BUDGETS.map((budget) => ({ budget, ok: budget.check(sections) }));
  return { report, outcomes, budgets };
}

const fmt = (value: number | string | null | undefined): string =>
  typeof value === 'number' ? (Math.abs(value) >= 100 ? String(Math.round(value)) : String(value)) : 'n/a';

/** The human summary: machine, then each budgeted figure with its budget and ok / over / n/a. */
export function humanReport(result: RunResult): string[] {
  const m = result.report.machine!;
  const lines = [`machine: ${m.cores} cores (${m.cpuModel}), Node ${m.node}, load ${m.loadAvg1m}`];
  for (const { budget, ok } of result.budgets) {
    const value = result.report[budget.section]?.[budget.figure];
    const verdict = ok === null ? 'n/a' : ok ? 'ok' : 'OVER';
    lines.push(
      `${budget.section}.${budget.figure}: ${fmt(value)} ${budget.unit}  budget ${budget.text}  ${verdict}`,
    );
  }
  const ingest = result.report.ingest;
  if (ingest && typeof ingest.linesPerSec === 'number') {
    const limit = ingest.parseLimitLinesPerSec;
    const naive = ingest.naiveLinesPerSec;
    if (typeof limit === 'number' && typeof naive === 'number') {
      lines.push(
        `  ingest = ${Math.round((100 * ingest.linesPerSec) / limit)}% of the JSON.parse limit (${fmt(limit)} lines/s), ` +
          `${Math.round((10 * ingest.linesPerSec) / naive) / 10}× the naive pipeline (${fmt(naive)} lines/s)`,
      );
    }
  }
  for (const outcome of result.outcomes) {
    if (outcome.status === 'not available' || outcome.status === 'failed')
      lines.push(`${outcome.name}: ${outcome.status}`);
  }
  return lines;
}

function parseArgs(argv: string[]): { json: boolean; quick: boolean; strict: boolean; only: string[] } {
  const out = { json: false, quick: false, strict: false, only: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') out.json = true;
    else if (arg === '--quick') out.quick = true;
    else if (arg === '--strict') out.strict = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a list: --only ingest,scale');
      out.only.push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    } else throw new Error(`unknown option ${arg} (use --json, --quick, --only a,b, --strict)`);
  }
  return out;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const result = await runBenchmarks({ quick: args.quick, only: args.only, log });
  if (args.json) process.stdout.write(`${JSON.stringify(result.report)}\n`);
  else process.stdout.write(`${humanReport(result).join('\n')}\n`);
  if (args.json) for (const line of humanReport(result)) log(line);
  const failed = result.outcomes.some((o) => o.status === 'failed');
  const over = result.budgets.some((b) => b.ok === false);
  return failed || (args.strict && over) ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
