import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { waitFor } from './proc';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();

const config = (delayMs: number) =>
  OrchestratorConfig.parse({
    agents: { claude: { command: 'claude', env: { ORCHESTRATOR_DEMO_DELAY_MS: String(delayMs) } } },
  });

describe('resume of a session whose event log is damaged in the middle', () => {
  it('says which line is damaged in one error event, and keeps that line and every other', async () => {
    const workspace = tempDir('orchestrator-damaged-');
    const repo = scratchRepo();
    temp.push(repo);
    const first = new SessionService({ workspace, config: config(200) });
    const { sessionId, folder } = await first.start({
      task: 'add a CONTRIBUTING file',
      repo,
      agents: ['claude'],
      demo: true,
      plan: 'template',
      review: false,
    });
    const log = join(folder, 'events.jsonl');
    await waitFor(() => readFileSync(log, 'utf8').split('\n').length > 6, 30_000);
    await first.control(sessionId, 'stop');
    expect(await first.done(sessionId)).toBe('stopped');

    // Damage the third line as a failing disk would: same length, no longer JSON.
    const lines = readFileSync(log, 'utf8').split('\n');
    const damaged = '#'.repeat(lines[2]!.length);
    lines[2] = damaged;
    writeFileSync(log, lines.join('\n'));
    const before = readFileSync(log);

    const second = new SessionService({ workspace, config: config(20) });
    await second.resume(sessionId);
    await second.done(sessionId);

    const after = readFileSync(log);
    // Nothing lost: the log goes on after what was there, the damaged line included, byte for byte.
    expect(after.subarray(0, before.length).equals(before)).toBe(true);
    expect(after.toString('utf8').split('\n')[2]).toBe(damaged);
    const notices = readEvents(folder).events.filter(
      (e): e is Extract<Event, { type: 'error' }> => e.type === 'error' && e.payload.code === 'damaged_log',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]!.payload.fatal).toBe(false);
    expect(notices[0]!.payload.message).toMatch(/events\.jsonl line 3\b/);
  }, 120_000);
});
