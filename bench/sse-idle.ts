/**
 * Benchmark: idle event-stream clients against `orchestrate serve`. One live session (a replay agent
 * printing flat out) runs twice on a real serve process: alone, then with 200 SSE clients that connect
 * and never read a byte. Prints serve's RSS growth caused by those clients and how much longer the live
 * session took. The per-token stream cap refuses what is past it (429); the accepted ones are read by
 * nobody, so their cost is the bounded per-client buffer.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { SessionState } from '../src-shared/models';
import { startOrchestrate, type ServeProcess } from '../src-main/server/testing/serve-process';
import { replayCommand, round, scratch } from './lib/harness';
import type { Bench } from './types';

const CLIENTS = 200;

/** A process and all its descendants (the tsx launcher runs serve in a child); Linux /proc. */
function processTree(root: number): Set<number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

/** RSS of a process and all its descendants, in MB. */
function treeRssMb(root: number): number {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
  }
  return kb / 1024;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ): 100 on Linux. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) serve's own processes have used so far, in ms — the launcher and serve, not the
 * agents it starts (they are the same in both runs). Less disturbed by other load than wall time.
 */
function serveCpuMs(root: number): number {
  let ticks = 0;
  for (const pid of processTree(root)) {
    try {
      // The agent (a shell wrapper and the replay script's node) is not serve.
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('replay')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'node') continue;
      // utime and stime are fields 14 and 15 of the line: 12 and 13 after the command name.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // Gone meanwhile.
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** A client that sends the stream request and then reads nothing: the kernel's buffers fill, then serve's. */
function idleClient(url: URL, path: string): Promise<{ socket: Socket; status: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let head = '';
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (status) {
        socket.removeAllListeners('data');
        socket.pause();
        resolve({ socket, status: Number(status[1]) });
      }
    });
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
  });
}

interface Run {
  durationMs: number;
  peakRssMb: number;
  /** serve's CPU time from the start request to the session's end. */
  cpuMs: number;
}

async function runSession(
  server: ServeProcess,
  repo: string,
  onStarted: (sessionId: string) => Promise<void>,
): Promise<Run> {
  const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  const cpuBefore = serveCpuMs(server.child.pid!);
  const started = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      task: 'replay',
      repo,
      agents: ['claude'],
      demo: false,
      plan: 'template',
      review: false,
    }),
  });
  if (started.status !== 201) throw new Error(`start failed: ${started.status} ${await started.text()}`);
  const { sessionId } = (await started.json()) as { sessionId: string };
  let peak = treeRssMb(server.child.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssMb(server.child.pid!))), 100);
  try {
    await onStarted(sessionId);
    for (;;) {
      const response = await fetch(`${server.url}/api/session?session=${sessionId}`, { headers });
      const state = SessionState.parse(await response.json());
      if (state.endedAt !== null) {
        if (state.status !== 'completed') throw new Error(`the live session ended ${state.status}`);
        return {
          durationMs: Date.parse(state.endedAt) - Date.parse(state.startedAt),
          peakRssMb: peak,
          cpuMs: serveCpuMs(server.child.pid!) - cpuBefore,
        };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    clearInterval(sampler);
  }
}

export const run: Bench = async ({ quick, log }) => {
  if (process.platform !== 'linux') throw new Error('sse-idle reads RSS from /proc: Linux only');
  const lines = quick ? 3_000 : 40_000;
  const clients = quick ? 40 : CLIENTS;
  const { dir, cleanup } = scratch('sse-idle');
  const repo = join(dir, 'project');
  const workspace = join(dir, 'ws');
  for (const d of [repo, workspace]) mkdirSync(d);
  const config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        claude: {
          command: replayCommand(dir),
          env: { REPLAY_FORMAT: 'claude', REPLAY_LINES: String(lines) },
        },
      },
    }),
  );
  const server = await startOrchestrate(
    ['serve', '--port', '0', '--workspace', workspace, '--config', config],
    {
      ORCHESTRATOR_HOME: join(dir, 'home'),
    },
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of serve, as the other benchmarks write of the orchestrator.
    process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [],
  );
  const sockets: Socket[] = [];
  try {
    // Warm-up: the first session pays for loading code, which neither measured run should.
    await runSession(server, repo, async () => undefined);
    const alone = await runSession(server, repo, async () => undefined);
    log(
      `alone: ${alone.durationMs} ms, serve CPU ${alone.cpuMs} ms, peak RSS ${round(alone.peakRssMb)} MB ` +
        `(${lines} lines)`,
    );
    const url = new URL(server.url);
    let accepted = 0;
    let refused = 0;
    const crowded = await runSession(server, repo, async (sessionId) => {
      const path = `/api/events/stream?session=${sessionId}&token=${encodeURIComponent(server.token)}`;
      const opened = await Promise.all(Array.from({ length: clients }, () => idleClient(url, path)));
      for (const { socket, status } of opened) {
        sockets.push(socket);
        if (status === 200) accepted += 1;
        else if (status === 429) refused += 1;
        else throw new Error(`stream answered ${status}`);
      }
    });
    const growth = crowded.peakRssMb - alone.peakRssMb;
    const slowdown = (100 * (crowded.durationMs - alone.durationMs)) / alone.durationMs;
    log(
      `with ${clients} idle clients (${accepted} streaming, ${refused} refused with 429): ` +
        `${crowded.durationMs} ms, serve CPU ${crowded.cpuMs} ms, peak RSS ${round(crowded.peakRssMb)} MB`,
    );
    const cpuGrowth = (100 * (crowded.cpuMs - alone.cpuMs)) / alone.cpuMs;
    log(`RSS growth ${round(growth)} MB, slowdown ${round(slowdown)}%, serve CPU +${round(cpuGrowth)}%`);
    return {
      sseIdleRssGrowthMb: round(growth),
      sseIdleSlowdownPct: round(slowdown),
      sseIdlePeakRssMb: round(crowded.peakRssMb),
      sseIdleCpuGrowthPct: round(cpuGrowth),
      sseIdleAloneMs: alone.durationMs,
      sseIdleCrowdedMs: crowded.durationMs,
      sseIdleAccepted: accepted,
      sseIdleRefused: refused,
    };
  } finally {
    sockets.forEach((s) => s.destroy());
    await server.stop();
    cleanup();
  }
};
