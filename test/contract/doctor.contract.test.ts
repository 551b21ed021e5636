import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_VERSIONS, cliBinary, type RealCli } from './clis';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'orchestrator-doctor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clis: RealCli[] = ['claude', 'codex', 'gemini'];

async function doctor(env: Record<string, string>, args: string[] = []) {
  const result = await execa(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(root, 'src-main', 'cli', 'main.ts'), 'doctor', '--json', ...args],
    {
      cwd: root,
      stdin: 'ignore',
      env: { HOME: dir, SHELL: '', ...env },
      extendEnv: true,
    },
  );
  return JSON.parse(String(result.stdout)) as { agents: Array<Record<string, unknown>> };
}

describe('orchestrate doctor with the real CLIs', () => {
  it('finds each on PATH with its real version', async () => {
    const path = [...clis.map((cli) => dirname(cliBinary(cli))), process.env.PATH].join(':');
    const report = await doctor({ PATH: path });
    for (const cli of clis) {
      expect(report.agents.find((a) => a.agent === cli)).toMatchObject({
        found: true,
        path: cliBinary(cli),
        version: CLI_VERSIONS[cli].version,
      });
    }
  });

  it('honours an explicit command path and names the fix for a missing one', async () => {
    const config = join(dir, 'cfg.json');
    writeFileSync(
      config,
      JSON.stringify({
        agents: { codex: { command: cliBinary('codex') }, gemini: { command: '/nowhere/gemini' } },
      }),
    );
    const report = await doctor({ PATH: '/usr/bin:/bin' }, ['--config', config]);
    expect(report.agents.find((a) => a.agent === 'codex')).toMatchObject({
      found: true,
      version: CLI_VERSIONS.codex.version,
    });
    expect(report.agents.find((a) => a.agent === 'gemini')).toMatchObject({
      found: false,
      next: 'install it: npm install -g @google/gemini-cli (or fix agents.gemini.command: /nowhere/gemini)',
    });
    expect(report.agents.find((a) => a.agent === 'claude')).toMatchObject({
      found: false,
      next: 'install it: npm install -g @anthropic-ai/claude-code',
    });
  });
});
