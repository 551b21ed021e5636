import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './load-config';

const dir = mkdtempSync(join(tmpdir(), 'orchestrator-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadConfig', () => {
  it('fills the documented defaults', () => {
    const config = loadConfig(write('min.json', '{"agents":{"claude":{"command":"claude"}}}'));
    expect(config.agents.claude).toEqual({
      command: 'claude',
      args: [],
      env: {},
      model: null,
      enabled: true,
    });
    expect(config.limits).toEqual({
      maxRuntimeSec: 3600,
      idleTimeoutSec: 600,
      memoryMb: 2048,
      maxRecoveries: 3,
      cpuPercent: 50,
      cpuWindowSec: 300,
      maxBackoffSec: 600,
    });
    expect(config.review.fallbackMinutes).toBe(15);
    expect(config.worktrees).toBe(true);
  });

  it('accepts the example of the architecture, custom agent included', () => {
    const config = loadConfig(
      write(
        'full.json',
        JSON.stringify({
          agents: {
            claude: { command: 'claude', args: [], env: {}, model: null, enabled: true },
            mine: { command: 'my-agent', args: ['--json'], format: 'claude-stream-json' },
          },
          review: { triggers: ['milestone', 'completion'], fallbackMinutes: 5 },
          limits: { maxRuntimeSec: 60, idleTimeoutSec: 30, memoryMb: 512, maxRecoveries: 1 },
          worktrees: false,
        }),
      ),
    );
    expect(config.agents.mine?.format).toBe('claude-stream-json');
    expect(config.review.triggers).toEqual(['milestone', 'completion']);
  });

  it('names the bad field in one message', () => {
    expect(() =>
      loadConfig(write('types.json', '{"agents":{"codex":{"command":"codex","args":"--x"}}}')),
    ).toThrow(/agents\.codex\.args: .*array/);
    expect(() => loadConfig(write('extra.json', '{"agentz":{}}'))).toThrow(/agentz/);
    expect(() => loadConfig(write('custom.json', '{"agents":{"mine":{"command":"x"}}}'))).toThrow(
      /agents\.mine\.format: custom agent "mine" needs "format"/,
    );
    expect(() => loadConfig(write('bad.json', '{"agents":'))).toThrow(/not valid JSON/);
    expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/config file not found/);
  });

  it('refuses a NUL in what reaches the OS: command, args, env names and values, model', () => {
    const agent = (fields: string) => `{"agents":{"codex":{"command":"codex",${fields}}}}`;
    expect(() => loadConfig(write('nul-args.json', agent('"args":["--x","a\\u0000b"]')))).toThrow(
      /agents\.codex\.args\.1: contains a NUL character/,
    );
    expect(() => loadConfig(write('nul-env.json', agent('"env":{"K":"v\\u0000"}')))).toThrow(
      /agents\.codex\.env\.K: contains a NUL character/,
    );
    expect(() => loadConfig(write('nul-key.json', agent('"env":{"K\\u0000":"v"}')))).toThrow(
      /the key of "agents\.codex\.env\.K\\u0000": contains a NUL character/,
    );
    expect(() => loadConfig(write('eq-key.json', agent('"env":{"A=B":"v"}')))).toThrow(
      /env\.A=B: an environment variable name cannot be empty or contain "="/,
    );
    expect(() => loadConfig(write('nul-model.json', agent('"model":"m\\u0000"')))).toThrow(
      /model: contains a NUL/,
    );
    expect(() =>
      loadConfig(write('nul-command.json', '{"agents":{"codex":{"command":"co\\u0000dex"}}}')),
    ).toThrow(/agents\.codex\.command: contains a NUL character/);
  });
});
