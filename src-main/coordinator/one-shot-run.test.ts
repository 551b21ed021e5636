import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentConfig, type EventDraft } from '../../src-shared/models';
import { claudeAdapter } from '../agents/claude';
import { REDACTED } from '../security';
import { runOneShot } from './one-shot-run';

const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** test/fixtures/processes/leaky-agent.mjs as a configured CLI: prints its env's keys and an sk-ant- key. */
function leakyConfig(env: Record<string, string>): AgentConfig {
  const script = join(tempDir('orchestrator-leaky-'), 'leaky-agent');
  const fixture = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'processes', 'leaky-agent.mjs');
  writeFileSync(script, `#!/bin/sh\nexec '${process.execPath}' '${fixture}' "$@"\n`);
  chmodSync(script, 0o755);
  return AgentConfig.parse({ command: script, env });
}

describe('runOneShot', () => {
  it('masks its own env keys and common key formats in its raw logs and events when no redactor is given', async () => {
    const key = 'one-shot-secret-Hw4TcY9pQa';
    const session = tempDir('orchestrator-one-shot-');
    const folder = join(session, 'reviews', 'r1', 'claude');
    const events: EventDraft[] = [];
    const run = await runOneShot({
      adapter: claudeAdapter,
      config: leakyConfig({ REVIEWER_API_KEY: key }),
      demo: false,
      mode: 'review',
      prompt: 'Review this; answer with {"verdict": …}',
      cwd: session,
      pathEnv: process.env.PATH ?? '',
      markerEnv: {},
      folder,
      timeoutMs: 20_000,
      onEvent: (d) => events.push(d),
    });
    expect(run).toMatchObject({ started: true, exit: { exitCode: 0 } });
    const raw = readFileSync(join(folder, 'raw.jsonl'), 'utf8');
    const stderr = readFileSync(join(folder, 'stderr.log'), 'utf8');
    for (const text of [raw, stderr, JSON.stringify(events)]) {
      expect(text).toContain(REDACTED);
      expect(text).not.toContain(key);
      expect(text).not.toMatch(/sk-ant-api03-/);
    }
    // Only the keys are masked: the verdict the run is for still reads.
    expect(raw).toContain('\\"verdict\\":\\"approve\\"');
  });
});
