import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, expect } from 'vitest';
import { ADAPTERS } from '../src-main/agents/registry';
import type { CommandOptions } from '../src-main/agents/types';
import { PlanJson, VerdictReport, type BuiltinAgent, type EventDraft } from '../src-shared/models';
import { parseAll, payloads, splitLines, uncoveredLines } from './cli-fixtures';

const DEMO_AGENTS = join(import.meta.dirname, '..', 'resources', 'demo-agents');

/** A finished demo run: what it printed and the events the adapter's parser made of its stdout. */
export interface DemoRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  lines: string[];
  events: EventDraft[];
  /** The text of the last result event, '' without one. */
  finalText: string;
  ms: number;
}

/** Options of a demo run: the adapter's, with `work` mode and the file's default prompt unless given. */
export type DemoOptions = Partial<CommandOptions> & { cwd: string };

/**
 * The helpers a demo agent's tests share: it is launched exactly as the orchestrator launches the real CLI
 * (the adapter's argv and env) with ORCHESTRATOR_DEMO_DELAY_MS at `delayMs`, and its stdout goes through the
 * adapter's parser. Temp dirs from tempDir() are removed after each test.
 */
export function demoAgentHarness(
  agent: BuiltinAgent,
  { prompt, delayMs }: { prompt: string; delayMs: number },
) {
  const adapter = ADAPTERS[agent];
  const script = join(DEMO_AGENTS, `${agent}.mjs`);
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), `demo-${agent}-`));
    dirs.push(dir);
    return dir;
  };

  /** Starts the script with raw argv; stdout keeps its final newline so a torn last line shows. */
  const spawnArgs = (args: string[], env: Record<string, string> = {}, cwd?: string) =>
    execa(process.execPath, [script, ...args], {
      ...(cwd === undefined ? {} : { cwd }),
      env: { ORCHESTRATOR_DEMO_DELAY_MS: String(delayMs), ...env },
      stdin: 'ignore',
      reject: false,
      stripFinalNewline: false,
    });

  /** Starts the demo with the adapter's command for `options`, in options.cwd unless `spawnCwd` says otherwise. */
  const spawn = (options: DemoOptions, env: Record<string, string> = {}, spawnCwd = options.cwd) => {
    const spec = adapter.buildCommand({ prompt, mode: 'work', ...options });
    return spawnArgs(spec.args, { ...spec.env, ...env }, spawnCwd);
  };

  /** The adapter's parser over lines, fresh as for each run. */
  const parse = (lines: readonly string[]): EventDraft[] => parseAll(adapter.createParser(), lines);

  /** Runs the demo to its end and parses its stdout; every line must be claimed by an event. */
  async function run(
    options: DemoOptions,
    env: Record<string, string> = {},
    spawnCwd?: string,
  ): Promise<DemoRun> {
    const started = Date.now();
    const { exitCode, stdout, stderr } = await spawn(options, env, spawnCwd);
    const lines = splitLines(stdout);
    const events = parse(lines);
    expect(uncoveredLines(events, lines.length)).toEqual([]);
    return {
      exitCode,
      stdout,
      stderr,
      lines,
      events,
      finalText: finalText(events),
      ms: Date.now() - started,
    };
  }

  return { script, tempDir, spawn, spawnArgs, run, parse };
}

/** The text of the last result event, '' without one. */
export const finalText = (events: readonly EventDraft[]): string =>
  payloads(events, 'result').at(-1)?.text ?? '';

/** The plan in a reply's ```json fence, as the orchestrator's schema reads it. */
export const planIn = (text: string) =>
  PlanJson.parse(JSON.parse(/```json\n([\s\S]*?)\n```/.exec(text)?.[1] ?? ''));

/** A review reply, which must be the verdict JSON and nothing else. */
export const verdictIn = (text: string) => VerdictReport.parse(JSON.parse(text));

/**
 * The crash scenario: exit 1, the last line torn before its newline and kept by the parser as a malformed raw
 * event, and no result.
 */
export function expectTornLastLine({ exitCode, stdout, lines, events }: DemoRun): void {
  expect(exitCode).toBe(1);
  expect(stdout.endsWith('\n')).toBe(false);
  expect(payloads(events, 'raw')).toContainEqual({ line: lines.at(-1), reason: 'malformed' });
  expect(payloads(events, 'result')).toEqual([]);
}

/**
 * The hang scenario: waits until the child has printed `lines` whole lines, then `quietMs` more. It must still
 * be running and have printed nothing else; then it is killed and must die of the SIGTERM. Returns those lines.
 */
export async function expectHangsAfter(
  child: ReturnType<ReturnType<typeof demoAgentHarness>['spawn']>,
  lines: number,
  quietMs: number,
): Promise<string[]> {
  let stdout = '';
  try {
    await new Promise<void>((done) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.split('\n').length > lines) done();
      });
      child.once('exit', () => done());
    });
    await new Promise((done) => setTimeout(done, quietMs));
    expect(child.exitCode).toBeNull();
    expect(splitLines(stdout)).toHaveLength(lines);
  } finally {
    child.kill('SIGTERM');
  }
  const result = await child;
  expect(result.signal).toBe('SIGTERM');
  return splitLines(stdout);
}
