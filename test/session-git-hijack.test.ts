import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfig } from '../src-shared/models';
import { UserInputError } from '../src-main/coordinator/errors';
import { SessionService } from '../src-main/coordinator/session-service';
import { gitOut, scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();

/** The hijacking agent as a configured CLI: an executable wrapper around the fixture. */
function hijackAgentCommand(): string {
  const script = join(tempDir('orchestrator-hijack-'), 'hijack-agent');
  const fixture = join(import.meta.dirname, 'fixtures', 'processes', 'git-hijack-agent.mjs');
  writeFileSync(script, `#!/bin/sh\nexec '${process.execPath}' '${fixture}' "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

describe('an agent that redirects its worktree to a git dir of its own', () => {
  it('runs no program of its config in the session, its summary or the diff; a security decision stops it', async () => {
    const repo = scratchRepo();
    temp.push(repo);
    const marker = join(tempDir('orchestrator-marker-'), 'payload-ran');
    const base = gitOut(repo, 'rev-parse', 'HEAD');
    const command = hijackAgentCommand();
    const hijack = { HIJACK_MARKER: marker, HIJACK_REPO_GIT: join(repo, '.git'), HIJACK_BASE: base };
    const config = OrchestratorConfig.parse({
      agents: {
        claude: { command, env: hijack },
        mine: { command, format: 'claude-stream-json', env: { ...hijack, HIJACK: '0' } },
      },
      review: { triggers: ['completion'] },
    });
    const service = new SessionService({ workspace: tempDir('orchestrator-ws-'), config });
    const { sessionId, folder } = await service.start({
      task: 'edit work.txt',
      repo,
      // The honest worker starts first: once the hijack is found the session is escalated, and a worker not
      // started by then never is.
      agents: ['mine', 'claude'],
      demo: false,
      plan: 'template',
    });
    expect(await service.done(sessionId)).toBe('escalated');

    const events = readFileSync(join(folder, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; workerId?: string; payload: Record<string, unknown> });
    const decisions = events.filter(
      (e) => e.type === 'decision' && e.payload.rule === 'security:worktree-tampered',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0]!.payload).toMatchObject({ action: 'STOP_AND_ESCALATE', target: 'claude' });
    const audit = readFileSync(join(folder, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(audit).toEqual([
      expect.objectContaining({ workerId: 'claude', ruleId: 'worktree-tampered', policy: 'stop' }),
    ]);
    expect(audit[0].evidence).toContain('.evil');

    // The honest worker's work is still measured; the hijacked one gets no figures, not the agent's.
    const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
    const outcome = (id: string) => summary.workers.find((w: { workerId: string }) => w.workerId === id);
    expect(outcome('mine').diffstat.files).toEqual([{ path: 'work.txt', added: 1, deleted: 0 }]);
    expect(outcome('claude').diffstat).toBeUndefined();

    // The diff endpoint's core refuses it with one message, and still nothing ran.
    const refused = await service.diff(sessionId, 'claude').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).code).toBe('worktree_tampered');
    expect((await service.diff(sessionId, 'mine')).files.map((f) => f.path)).toEqual(['work.txt']);
    expect(existsSync(marker)).toBe(false);
  }, 90_000);
});
