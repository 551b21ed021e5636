/**
 * The reference "naive pipeline" of the ingest benchmark, as tools without batching do it: each agent's
 * stdout read with readline, every line JSON.parse'd and sent to the renderer stand-in as one IPC message,
 * no persistence, no batching. Forked by bench/lib/harness.ts (runNaive) with
 *   NAIVE_AGENTS=[{format, env}], NAIVE_REPLAY=<replay-agent.mjs>, NAIVE_STAND_IN=<renderer-stand-in.mjs>;
 * replies {elapsedMs, lines}: from spawning the agents to the stand-in having received every line.
 */
import { fork, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const agents = JSON.parse(process.env.NAIVE_AGENTS);
const standIn = fork(process.env.NAIVE_STAND_IN, [], { execArgv: [], serialization: 'advanced' });

const ping = () =>
  new Promise((resolve) => {
    const id = Math.random();
    const onMessage = (message) => {
      if (message.ctl !== 'pong' || message.id !== id) return;
      standIn.off('message', onMessage);
      resolve(message.stats);
    };
    standIn.on('message', onMessage);
    standIn.send({ ctl: 'ping', id });
  });

await ping();
const t0 = performance.now();
let lines = 0;
await Promise.all(
  agents.map(
    (agent) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [process.env.NAIVE_REPLAY], {
          env: { ...process.env, REPLAY_FORMAT: agent.format, ...agent.env },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const reader = createInterface({ input: child.stdout, crlfDelay: Infinity });
        reader.on('line', (line) => {
          lines += 1;
          let parsed;
          try {
            parsed = JSON.parse(line);
          } catch {
            parsed = { raw: line };
          }
          standIn.send({ line: parsed });
        });
        child.on('error', reject);
        reader.on('close', resolve);
      }),
  ),
);
const stats = await ping();
const elapsedMs = performance.now() - t0;
if (stats.lines !== lines) throw new Error(`stand-in got ${stats.lines} of ${lines} lines`);
standIn.disconnect();
process.send({ elapsedMs, lines }, () => process.exit(0));
