import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from './find-executable';
import { loginShellPath, mergePaths } from './login-path';
import { probeAgent } from './probe-agent';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-setup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in CLI: a real executable that prints a version the way the real one does. */
function fakeCli(folder: string, name: string, versionLine: string, exitCode = 0): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, `#!/bin/sh\necho '${versionLine}'\nexit ${exitCode}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('finding the CLIs', () => {
  const bin = join(dir, 'bin');
  const claude = fakeCli(bin, 'claude', '2.1.332 (Claude Code)');
  writeFileSync(join(bin, 'not-executable'), 'x');

  it('looks a bare name up along PATH and honours an explicit path', () => {
    expect(findExecutable('claude', ['/nonexistent', bin].join(delimiter))).toBe(claude);
    expect(findExecutable('claude', '/nonexistent')).toBeNull();
    expect(findExecutable(claude, '')).toBe(claude);
    expect(findExecutable('./bin/claude', '', dir)).toBe(claude);
    expect(findExecutable('not-executable', bin)).toBeNull();
  });

  it("takes the login shell's PATH, which a GUI-launched app lacks", async () => {
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, '.profile'), `export PATH="${bin}:$PATH"\n`);
    const path = await loginShellPath({ SHELL: '/bin/sh', HOME: home, PATH: '/usr/bin:/bin' });
    expect(path.split(delimiter)).toContain(bin);
    expect(path.split(delimiter)).toContain('/usr/bin');
    expect(await loginShellPath({ PATH: '/only/this' })).toBe('/only/this');
    expect(await loginShellPath({ SHELL: '/nonexistent/shell', PATH: '/only/this' })).toBe('/only/this');
  });

  it('merges paths without duplicates, the first first', () => {
    expect(mergePaths(['/a', '/b'].join(delimiter), ['/b', '/c'].join(delimiter))).toBe(
      ['/a', '/b', '/c'].join(delimiter),
    );
  });
});

describe('probeAgent', () => {
  const bin = join(dir, 'probe-bin');
  fakeCli(bin, 'codex', 'codex-cli 0.169.0');
  fakeCli(bin, 'gemini', 'Error: broken install', 1);
  const home = join(dir, 'probe-home');

  it('reports path, version and the login hint when no key is set', async () => {
    const probe = await probeAgent('codex', undefined, bin, { HOME: home });
    expect(probe).toMatchObject({
      agent: 'codex',
      found: true,
      path: join(bin, 'codex'),
      version: '0.169.0',
      auth: 'unknown',
      format: 'codex-exec-json',
    });
    expect(probe.next).toMatch(/codex login/);
  });

  it('needs nothing more when the key is in the config env or a credentials file exists', async () => {
    const probe = await probeAgent(
      'codex',
      { command: 'codex', args: [], env: { CODEX_API_KEY: 'k' }, model: null, enabled: true },
      bin,
      { HOME: home },
    );
    expect(probe).toMatchObject({ auth: 'api_key_in_env', next: null });
    mkdirSync(join(home, '.codex'), { recursive: true });
    writeFileSync(join(home, '.codex', 'auth.json'), '{}');
    expect(await probeAgent('codex', undefined, bin, { HOME: home })).toMatchObject({
      auth: 'credentials_file',
      next: null,
    });
  });

  it('says how to install a missing CLI and flags a broken one', async () => {
    const missing = await probeAgent('claude', undefined, bin, { HOME: home });
    expect(missing).toMatchObject({ found: false, path: null, version: null });
    expect(missing.next).toBe('install it: npm install -g @anthropic-ai/claude-code');
    const broken = await probeAgent('gemini', undefined, bin, { HOME: home });
    expect(broken.found).toBe(true);
    expect(broken.next).toMatch(/--version failed \(exit 1\)/);
  });
});
