import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrchestratorConfig } from '../src-shared/models';
import { ADAPTERS } from '../src-main/agents/registry';
import { SESSION_FAULT_CODE } from '../src-main/coordinator/session';
import { SessionService } from '../src-main/coordinator/session-service';
import { readEvents } from '../src-main/store/session-folder';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

/**
 * A fault inside one session — the output parser throwing, the launch throwing — fails that session (or
 * that worker) with a message, while a live session of the same service runs on to its end and the
 * process lives. The agents are the real demo CLIs; only the faulting piece is replaced by one that throws.
 */
const { tempDir, temp } = tempDirs();
afterEach(() => vi.restoreAllMocks());

function service() {
  const config = OrchestratorConfig.parse({
    agents: {
      codex: { command: 'codex' },
      gemini: {
        command: 'gemini',
        env: { ORCHESTRATOR_DEMO_SCENARIO: 'slow', ORCHESTRATOR_DEMO_DELAY_MS: '30' },
      },
    },
    review: { enabled: false },
  });
  return new SessionService({ workspace: tempDir('orchestrator-ws-'), config });
}

async function start(svc: SessionService, agent: string) {
  const repo = scratchRepo();
  temp.push(repo);
  return svc.start({ task: 'x', repo, agents: [agent], demo: true, plan: 'template' });
}

const unhandled: unknown[] = [];
process.on('unhandledRejection', (error) => unhandled.push(error));

describe('one session failing inside does not reach the others', () => {
  it('a parser that throws on every line: its lines become raw events and say so; the live session completes', async () => {
    vi.spyOn(ADAPTERS.codex, 'createParser').mockImplementation(() => ({
      push: () => {
        throw new Error('parser exploded');
      },
      end: () => {
        throw new Error('parser exploded at the end');
      },
    }));
    const svc = service();
    const live = await start(svc, 'gemini');
    const faulty = await start(svc, 'codex');
    const statuses = await Promise.all([svc.done(faulty.sessionId), svc.done(live.sessionId)]);
    expect(statuses[1]).toBe('completed');
    const events = readEvents(faulty.folder).events;
    const faults = events.filter((e) => e.type === 'error' && e.payload.code === 'parser_fault');
    expect(faults.length).toBeGreaterThan(1);
    expect(JSON.stringify(faults[0]!.payload)).toContain(
      'the output parser failed on line 1: parser exploded',
    );
    expect(events.filter((e) => e.type === 'raw').length).toBeGreaterThan(0);
    expect(unhandled).toEqual([]);
  }, 60_000);

  it('a launch that throws fails its session with a message; the live session completes', async () => {
    vi.spyOn(ADAPTERS.codex, 'buildCommand').mockImplementation(() => {
      throw new Error('launch exploded');
    });
    const svc = service();
    const live = await start(svc, 'gemini');
    const faulty = await start(svc, 'codex');
    expect(await svc.done(faulty.sessionId)).toBe('failed');
    const events = readEvents(faulty.folder).events;
    const fault = events.find((e) => e.type === 'error' && e.payload.code === SESSION_FAULT_CODE);
    expect(JSON.stringify(fault?.payload)).toMatch(
      /the session failed inside the orchestrator: launch exploded/,
    );
    expect(events.at(-1)).toMatchObject({ type: 'session_status', payload: { status: 'failed' } });
    expect(await svc.done(live.sessionId)).toBe('completed');
    expect(unhandled).toEqual([]);
  }, 60_000);
});
