import { execa } from 'execa';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentDoctor, CleanReport } from '../src-shared/commands';
import { OrchestratorConfig } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { createApiApp } from '../src-main/server/create-app';
import { startOrchestrate } from '../src-main/server/testing/serve-process';
import { gitOut, scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

// The command table's doctor and delete, through the front ends that give them.

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const { tempDir, temp } = tempDirs();

/** A config with a custom agent whose CLI is a real executable that answers --version. */
function configWithCustomAgent(): string {
  const dir = tempDir('orchestrator-doctor-');
  const cli = join(dir, 'my-agent');
  writeFileSync(cli, '#!/bin/sh\necho "my-agent 4.5.6"\n');
  chmodSync(cli, 0o755);
  const file = join(dir, 'config.json');
  writeFileSync(
    file,
    JSON.stringify({ agents: { mine: { command: cli, args: ['--json'], format: 'claude-stream-json' } } }),
  );
  return file;
}

const mineIn = (agents: AgentDoctor[]) => agents.find((a) => a.agent === 'mine');

describe('one doctor', () => {
  it('names a custom agent of config.json in `orchestrate doctor` and in the HTTP API of `orchestrate serve`', async () => {
    const config = configWithCustomAgent();
    const cli = await execa(tsx, [entry, 'doctor', '--json', '--config', config], {
      cwd: root,
      reject: false,
      stdin: 'ignore',
    });
    expect(cli.exitCode, String(cli.stderr)).toBe(0);
    const printed = z.object({ agents: z.array(AgentDoctor) }).parse(JSON.parse(String(cli.stdout)));
    expect(mineIn(printed.agents)).toMatchObject({
      found: true,
      version: '4.5.6',
      format: 'claude-stream-json',
    });
    expect(printed.agents.map((a) => a.agent)).toEqual(['claude', 'codex', 'gemini', 'mine']);

    const serve = await startOrchestrate(
      ['serve', '--port', '0', '--config', config, '--workspace', tempDir('orchestrator-ws-')],
      {},
    );
    try {
      const response = await fetch(`${serve.url}/api/doctor`, {
        headers: { authorization: `Bearer ${serve.token}` },
      });
      expect(response.status).toBe(200);
      const agents = z.array(AgentDoctor).parse(await response.json());
      expect(agents).toEqual(printed.agents);
    } finally {
      await serve.stop();
    }
  }, 120_000);
});

const TOKEN = 't'.repeat(43);
const HOST = '127.0.0.1:4323';

describe('DELETE /api/sessions/:id', () => {
  it('refuses a running session, keeps uncommitted work unless forced, then removes worktree and branch and says so', async () => {
    const ws = tempDir('orchestrator-delete-');
    const repo = scratchRepo();
    temp.push(repo);
    const config = OrchestratorConfig.parse({
      agents: { codex: { command: 'codex', env: { ORCHESTRATOR_DEMO_DELAY_MS: '200' } } },
    });
    const service = new SessionService({ workspace: ws, config });
    const { app } = createApiApp({
      service,
      token: TOKEN,
      bindHost: '127.0.0.1',
      port: () => 4323,
      dashboard: null,
    });
    const del = (path: string) =>
      app.request(`http://${HOST}${path}`, {
        method: 'DELETE',
        headers: { host: HOST, authorization: `Bearer ${TOKEN}` },
      });
    const userSide = () => ({
      main: gitOut(repo, 'rev-parse', 'refs/heads/main'),
      head: gitOut(repo, 'symbolic-ref', 'HEAD'),
      status: gitOut(repo, 'status', '--porcelain', '--untracked-files=all'),
    });
    const before = userSide();

    const { sessionId } = await service.start({
      task: 'add a changelog',
      repo,
      agents: ['codex'],
      demo: true,
      plan: 'template',
      review: false,
    });
    const running = await del(`/api/sessions/${sessionId}`);
    expect(running.status).toBe(409);
    expect(await running.json()).toMatchObject({ error: { code: 'session_running' } });
    expect(await service.done(sessionId)).toBe('completed');
    const worktree = join(ws, sessionId, 'worktrees', 'codex');
    const branch = `orchestrator/${sessionId}/codex`;
    expect(existsSync(worktree)).toBe(true);

    // The demo agent left its file uncommitted: without force, that worktree is kept, and the answer says why.
    const kept = CleanReport.parse(await (await del(`/api/sessions/${sessionId}`)).json());
    expect(kept.cleaned[0]!.workers).toEqual([
      expect.objectContaining({
        workerId: 'codex',
        removedWorktree: false,
        kept: expect.stringMatching(/uncommitted/),
      }),
    ]);
    expect(existsSync(worktree)).toBe(true);

    expect((await del(`/api/sessions/${sessionId}?force=maybe`)).status).toBe(400);
    const forced = await del(`/api/sessions/${sessionId}?force=true`);
    expect(forced.status).toBe(200);
    const removed = CleanReport.parse(await forced.json());
    expect(removed.cleaned[0]!.workers).toEqual([
      { workerId: 'codex', branch, removedWorktree: true, deletedBranch: true, kept: null },
    ]);
    expect(existsSync(worktree)).toBe(false);
    expect(gitOut(repo, 'for-each-ref', '--format=%(refname:short)', `refs/heads/${branch}`)).toBe('');
    expect(userSide()).toEqual(before);
    // The session itself (its folder and log) stays, and an unknown one is not found.
    expect(existsSync(join(ws, sessionId, 'events.jsonl'))).toBe(true);
    expect((await del('/api/sessions/no-such-session')).status).toBe(404);
  }, 120_000);
});
