import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OrchestratorConfig, type Event } from '../src-shared/models';
import { MAX_TASK_LENGTH } from '../src-main/coordinator/validate-request';
import { SessionService } from '../src-main/coordinator/session-service';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();
const savedEnv = { ...process.env };
afterEach(() => {
  process.env = { ...savedEnv };
});

describe('a task as long as the limit allows', () => {
  it('reaches the planner and every agent whole, multi-byte included, and the session completes', async () => {
    // 100,000 characters, over 250,000 UTF-8 bytes: twice what one argument may hold (spawn E2BIG).
    const body = 'Überprüfe die Größe 検証 🚀 '.repeat(10_000);
    const task = `Task: write the long brief\n${body}`.slice(0, MAX_TASK_LENGTH);
    expect(task).toHaveLength(MAX_TASK_LENGTH);
    const copies = tempDir('orchestrator-prompts-');
    process.env.ORCHESTRATOR_DEMO_PROMPT_COPY = copies;
    process.env.ORCHESTRATOR_DEMO_DELAY_MS = '0';

    const svc = new SessionService({
      workspace: tempDir('orchestrator-ws-'),
      config: OrchestratorConfig.parse({}),
    });
    const repo = scratchRepo();
    temp.push(repo);
    const { sessionId } = await svc.start({ task, repo, demo: true, plan: 'agent' });
    const events: Event[] = [];
    svc.subscribe(sessionId, 0, (batch) => events.push(...batch));
    const status = await svc.done(sessionId);

    expect(JSON.stringify(events)).not.toMatch(/E2BIG|could not be started/);
    expect(status).toBe('completed');
    const received = readdirSync(copies).map((name) => ({
      agent: name.split('-')[0],
      prompt: readFileSync(join(copies, name), 'utf8'),
    }));
    // The planner (claude) and the three workers each got a prompt holding the task byte for byte.
    const whole = received.filter((r) => r.prompt.includes(task));
    expect(new Set(whole.map((r) => r.agent))).toEqual(new Set(['claude', 'codex', 'gemini']));
    expect(whole.filter((r) => r.agent === 'claude').length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
