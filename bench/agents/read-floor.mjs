/**
 * The floor under any orchestrator on this machine: the same replay agents, spawned the same way, their
 * stdout read and cut into lines, each line JSON.parse'd — and nothing else: no raw log, no events, no
 * delivery to another process, no supervision. Whatever the orchestrator adds is above this figure, so a
 * budget below it cannot be met by any pipeline that has to read its workers' output.
 * Forked by bench/lib/harness.ts (runReadFloor) with
 *   FLOOR_AGENTS=[{format, env}], FLOOR_REPLAY=<replay-agent.mjs>,
 *   FLOOR_WINDOW=<from ms>,<to ms>  optional: also measure this process's CPU between these times after the
 *                                   spawn (the steady state of rated agents)
 * replies {elapsedMs, lines, cpuPct, sysPct}: from spawning the agents until all of them closed stdout.
 */
import { spawn } from 'node:child_process';

const agents = JSON.parse(process.env.FLOOR_AGENTS);
const window = process.env.FLOOR_WINDOW?.split(',').map(Number);

let lines = 0;
let sink = 0;
const t0 = performance.now();
let windowStart = null;
let windowCpu = null;
if (window) {
  setTimeout(() => (windowStart = [performance.now(), process.cpuUsage()]), window[0]);
  setTimeout(() => {
    const [start, cpu] = windowStart;
    const used = process.cpuUsage(cpu);
    const ms = performance.now() - start;
    windowCpu = {
      cpuPct: (100 * (used.user + used.system)) / 1000 / ms,
      sysPct: (100 * used.system) / 1000 / ms,
    };
  }, window[1]);
}

await Promise.all(
  agents.map(
    (agent) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [process.env.FLOOR_REPLAY], {
          env: { ...process.env, REPLAY_FORMAT: agent.format, ...agent.env },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        // Lines cut on the bytes: a megabyte line arriving in many chunks is joined once, not re-split.
        let held = [];
        const line = (text) => {
          lines += 1;
          sink += JSON.parse(text) === null ? 0 : 1;
        };
        child.stdout.on('data', (chunk) => {
          let start = 0;
          for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
            if (held.length > 0) {
              held.push(chunk.subarray(start, nl));
              line(Buffer.concat(held).toString('utf8'));
              held = [];
            } else {
              line(chunk.toString('utf8', start, nl));
            }
            start = nl + 1;
          }
          if (start < chunk.length) held.push(chunk.subarray(start));
        });
        child.on('error', reject);
        child.on('close', resolve);
      }),
  ),
);
const elapsedMs = performance.now() - t0;
if (sink === 0) throw new Error('nothing parsed');
if (window && !windowCpu) throw new Error('the agents ended before the measuring window did');
process.send({ elapsedMs, lines, ...(windowCpu ?? {}) }, () => process.exit(0));
