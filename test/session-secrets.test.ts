import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OrchestratorConfig } from '../src-shared/models';
import { SessionService } from '../src-main/coordinator/session-service';
import { REDACTED } from '../src-main/security';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const { tempDir, temp } = tempDirs();

/** The leaky agent as a configured CLI: an executable wrapper around the fixture, as a user would set one. */
function leakyAgentCommand(): string {
  const script = join(tempDir('orchestrator-leaky-'), 'leaky-agent');
  const fixture = join(import.meta.dirname, 'fixtures', 'processes', 'leaky-agent.mjs');
  writeFileSync(script, `#!/bin/sh\nexec '${process.execPath}' '${fixture}' "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

/** Every file and folder of a session folder but the worktrees (the user's project files, their own modes). */
function sessionEntries(folder: string): { path: string; dir: boolean }[] {
  const out: { path: string; dir: boolean }[] = [{ path: folder, dir: true }];
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (relative(folder, path).split('/')[0] === 'worktrees') continue;
    out.push({ path, dir: entry.isDirectory() });
  }
  return out;
}

describe('what a session stores of what the agents print', () => {
  // Two agents, each with its own key in its config env, each printing the OTHER's key (which only the
  // session's redactor, built from every configured agent, knows), its own, and an sk-ant- key.
  const claudeKey = 'claude-secret-Vq3ZpL8wXy';
  const mineKey = 'mine-secret-Kt5RmN2bJd';
  const formatKey = `sk-ant-api03-${'Q7'.repeat(24)}`;

  it("masks the keys in the planner's, the reviewers' and the workers' raw logs; the folder is user-only", async () => {
    const command = leakyAgentCommand();
    const config = OrchestratorConfig.parse({
      agents: {
        claude: { command, env: { CLAUDE_TEST_API_KEY: claudeKey, LEAK_VALUE: mineKey } },
        mine: {
          command,
          format: 'claude-stream-json',
          env: { MINE_SERVICE_TOKEN: mineKey, LEAK_VALUE: claudeKey },
        },
      },
      planner: 'claude',
      review: { triggers: ['completion'] },
    });
    const repo = scratchRepo();
    temp.push(repo);
    const service = new SessionService({ workspace: tempDir('orchestrator-ws-'), config });
    const { sessionId, folder } = await service.start({
      task: 'add a CONTRIBUTING file',
      repo,
      agents: ['claude', 'mine'],
      demo: false,
      plan: 'agent',
    });
    expect(await service.done(sessionId)).toBe('completed');

    const files = sessionEntries(folder).filter((e) => !e.dir);
    const stored = (name: string) => files.filter((f) => relative(folder, f.path).startsWith(name));
    // The one-shot runs really ran and printed the leaks: the planner and a reviewer of each worker.
    expect(stored('planner/raw.jsonl')).toHaveLength(1);
    expect(stored('reviews/').filter((f) => f.path.endsWith('raw.jsonl')).length).toBeGreaterThanOrEqual(2);
    for (const log of [...stored('planner/'), ...stored('reviews/'), ...stored('workers/')]) {
      if (!/raw\.jsonl$|stderr\.log$/.test(log.path)) continue;
      expect(readFileSync(log.path, 'utf8'), relative(folder, log.path)).toContain(REDACTED);
    }
    // No stored file holds any of the keys, in any form the agents printed them.
    for (const file of files) {
      const text = readFileSync(file.path, 'utf8');
      for (const key of [claudeKey, mineKey, formatKey]) {
        expect(text.includes(key), `${relative(folder, file.path)} holds ${key}`).toBe(false);
      }
    }
    // What the planner said still decided the plan: redaction masks the keys, not the answer.
    const events = readFileSync(join(folder, 'events.jsonl'), 'utf8');
    expect(events).toContain('"source":"agent"');

    // User-only: it holds prompts, code, tool output and whatever the agents let slip.
    for (const entry of sessionEntries(folder)) {
      const mode = statSync(entry.path).mode & 0o777;
      expect(mode.toString(8), relative(folder, entry.path) || '.').toBe(entry.dir ? '700' : '600');
    }
  }, 60_000);
});
