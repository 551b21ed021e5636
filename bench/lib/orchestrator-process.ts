/**
 * The orchestrator's main process, as the benchmarks run it: a process of its own (so its RSS and CPU are
 * the orchestrator's alone) holding the real SessionService, with a renderer stand-in process fed through
 * the app's EventForwarder — hub batches sent over an IPC channel with structured clone, as Electron's
 * webContents.send does. The workers are replay agents configured as custom agents (config `command`).
 *
 * Bundled like the app's main process (no tsx in the measured process) and forked by bench/lib/harness.ts
 * (runOrchestrator); one scenario per process:
 *   parent → {type:'run', scenario}   child → {type:'result', result} | {type:'error', message}
 */
import { fork, type ChildProcess } from 'node:child_process';
import { OrchestratorConfig } from '../../src-shared/models';
import { SessionService } from '../../src-main/coordinator/session-service';
import { EventForwarder } from '../../src-main/electron/event-forwarder';
import { resolvedPath } from '../../src-main/setup/login-path';

export interface ScenarioAgent {
  name: string;
  format: 'claude' | 'codex' | 'gemini';
  env: Record<string, string>;
}

export interface Scenario {
  /** bench/agents/renderer-stand-in.mjs (passed in: this module runs bundled, away from its source). */
  standIn: string;
  workspace: string;
  repo: string;
  /** The replay agent's executable (see replayCommand). */
  command: string;
  agents: ScenarioAgent[];
  /** Sample RSS, heap and CPU every this many ms (0: only at start and end). */
  sampleMs: number;
  /** Call service.list() this often, as the app's session list does (0: never). */
  listPollMs: number;
  /** Stop every worker and fail when the session has not ended by then. */
  timeoutMs: number;
  /** Lines per agent of a warm-up session run (unmeasured) before the measured one; 0 or absent: none. */
  warmupLines?: number;
}

export interface Sample {
  /** ms since the epoch */
  t: number;
  /** events in the log so far */
  seq: number;
  rssMb: number;
  heapMb: number;
  /** memory outside the JS heap held by JS objects (Buffers, IPC messages in flight) */
  externalMb: number;
  /** events in the log that the renderer stand-in had not received yet (at its last progress report) */
  rendererLag: number;
  /** process CPU time so far, ms (user + system) */
  cpuMs: number;
  /** of which in the kernel (system calls: pipes, file writes) */
  sysMs: number;
}

export interface StandInStats {
  messages: number;
  events: number;
  lines: number;
  lastSeq: number;
  firstAt: Record<string, number>;
  firstOutputAt: Record<string, number>;
  firstOutputTs: Record<string, number>;
  startingAt: Record<string, number>;
  startedAt: Record<string, number>;
}

export interface ScenarioResult {
  /** ms since the epoch, just before service.start() */
  t0: number;
  /** when the renderer stand-in had received every event of the finished session */
  doneAt: number;
  status: string;
  folder: string;
  lastSeq: number;
  standIn: StandInStats;
  samples: Sample[];
  /** service.list() calls made and their total time */
  listCalls: number;
  listMs: number;
}

const FORMAT = {
  claude: 'claude-stream-json',
  codex: 'codex-exec-json',
  gemini: 'gemini-stream-json',
} as const;

/** The stand-in's last progress report: the seq it had received. */
let rendererSeq = 0;

function sample(seq: number): Sample {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    t: Date.now(),
    seq,
    rssMb: memory.rss / 2 ** 20,
    heapMb: memory.heapUsed / 2 ** 20,
    externalMb: memory.external / 2 ** 20,
    rendererLag: Math.max(0, seq - rendererSeq),
    cpuMs: (cpu.user + cpu.system) / 1000,
    sysMs: cpu.system / 1000,
  };
}

function ping(child: ChildProcess): Promise<StandInStats> {
  return new Promise((resolve) => {
    const id = Math.random();
    const onMessage = (message: { ctl?: string; id?: number; stats?: StandInStats }) => {
      if (message.ctl !== 'pong' || message.id !== id) return;
      child.off('message', onMessage);
      resolve(message.stats!);
    };
    child.on('message', onMessage);
    child.send({ ctl: 'ping', id });
  });
}

/**
 * The stand-in's stats once it holds every event up to `lastSeq`: the forwarder sends only so far ahead of
 * what it confirmed, so the tail of a flat-out session reaches it after the session ended.
 */
async function caughtUp(child: ChildProcess, lastSeq: number, timeoutMs: number): Promise<StandInStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await ping(child);
    if (stats.lastSeq >= lastSeq) return stats;
    if (Date.now() > deadline) return stats;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const config = OrchestratorConfig.parse({
    agents: Object.fromEntries(
      scenario.agents.map((a) => [
        a.name,
        { command: scenario.command, env: { REPLAY_FORMAT: a.format, ...a.env }, format: FORMAT[a.format] },
      ]),
    ),
    review: { enabled: false },
    worktrees: false,
  });
  // The app resolves the login-shell PATH when it starts (the agents' doctor status on the new-task screen).
  await resolvedPath();
  const service = new SessionService({ workspace: scenario.workspace, config, interactive: true });
  const standIn = fork(scenario.standIn, [], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await ping(standIn);
  const forwarder = new EventForwarder(service);
  standIn.on('message', (message: { ctl?: string; lastSeq?: number; sessionId?: string; seq?: number }) => {
    if (message.ctl === 'progress') rendererSeq = message.lastSeq ?? rendererSeq;
    // The app's preload confirms each batch (session:received); the stand-in does the same.
    else if (message.ctl === 'received') forwarder.received(1, message.sessionId!, message.seq!);
  });
  const sender = {
    id: 1,
    isDestroyed: () => false,
    send: (_channel: string, payload: unknown) => void standIn.send(payload as object),
  };

  let listCalls = 0;
  let listMs = 0;
  const poll =
    scenario.listPollMs > 0
      ? setInterval(() => {
          const started = performance.now();
          service.list();
          listMs += performance.now() - started;
          listCalls += 1;
        }, scenario.listPollMs)
      : null;

  let hub: { lastSeq: number } | undefined;
  /** One session of the scenario's agents (their env overridden by `env`), watched until it ends. */
  const session = async (env: Record<string, string>) => {
    if (Object.keys(env).length > 0) {
      for (const agent of Object.values(config.agents)) Object.assign(agent.env, env);
    }
    const { sessionId, folder } = await service.start({
      task: 'benchmark: replay recorded CLI output',
      repo: scenario.repo,
      agents: scenario.agents.map((a) => a.name),
      demo: false,
      plan: 'template',
      review: false,
    });
    forwarder.subscribe(sender, sessionId, 0);
    hub = service.session(sessionId)?.hub;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (timer = setTimeout(() => resolve('timeout'), scenario.timeoutMs)),
    );
    const status = await Promise.race([service.done(sessionId), timedOut]);
    clearTimeout(timer);
    if (status === 'timeout') {
      const state = service.state(sessionId);
      await service.stopAll();
      standIn.kill();
      const workers = state?.workers.map((w) => `${w.workerId} ${w.status}`).join(', ');
      throw new Error(
        `the session did not end within ${scenario.timeoutMs} ms (${state?.status}: ${workers}); see ${folder}`,
      );
    }
    return { sessionId, folder, status, lastSeq: hub?.lastSeq ?? 0 };
  };

  if (scenario.warmupLines) {
    // A warm-up session first, as a running app has done work before: what follows is measured warm.
    const agentEnv = scenario.agents.map((a) => ({ ...a.env }));
    const warmup = await session({ REPLAY_LINES: String(scenario.warmupLines) });
    scenario.agents.forEach((a, i) => Object.assign(config.agents[a.name]!.env, agentEnv[i]));
    await caughtUp(standIn, warmup.lastSeq, scenario.timeoutMs);
    standIn.send({ ctl: 'reset' });
    listCalls = 0;
    listMs = 0;
  }

  const samples: Sample[] = [sample(0)];
  const sampler =
    scenario.sampleMs > 0
      ? setInterval(() => samples.push(sample(hub?.lastSeq ?? 0)), scenario.sampleMs)
      : null;
  const t0 = Date.now();
  const { folder, status, lastSeq } = await session({});
  const stats = await caughtUp(standIn, lastSeq, scenario.timeoutMs);
  const doneAt = Date.now();
  samples.push(sample(lastSeq));
  if (sampler) clearInterval(sampler);
  if (poll) clearInterval(poll);
  forwarder.dropSender(sender.id);
  standIn.disconnect();
  return { t0, doneAt, status, folder, lastSeq, standIn: stats, samples, listCalls, listMs };
}

if (process.send) {
  process.on('message', (message: { type: string; scenario?: Scenario }) => {
    if (message.type !== 'run' || !message.scenario) return;
    runScenario(message.scenario).then(
      (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
      (error: unknown) =>
        process.send!(
          { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
          () => process.exit(1),
        ),
    );
  });
  process.send({ type: 'ready' });
}
