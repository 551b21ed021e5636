/* eslint-disable no-control-regex -- finding control characters is what this file is about */
import { execa } from 'execa';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Event } from '../src-shared/models';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const hostile = join(import.meta.dirname, 'fixtures', 'processes', 'hostile-output.mjs');
const { tempDir, temp } = tempDirs();

/** `orchestrate run` of the hostile agent in the given mode; stdout and stderr as bytes, exactly. */
async function runHostile(mode: 'escapes' | 'binary', json: boolean) {
  const ws = tempDir('orchestrator-ws-');
  const repo = scratchRepo();
  temp.push(repo);
  // The agent as a user would configure a CLI: an executable wrapper around the fixture.
  const command = join(tempDir('orchestrator-hostile-'), 'hostile-agent');
  writeFileSync(command, `#!/bin/sh\nexec '${process.execPath}' '${hostile}' "$@"\n`, { mode: 0o755 });
  const config = join(ws, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      agents: {
        hostile: {
          command,
          format: 'claude-stream-json',
          env: { HOSTILE_OUTPUT: mode },
        },
      },
      limits: { maxRecoveries: 0 },
    }),
  );
  const args = [
    'run',
    'say hello',
    '--repo',
    repo,
    '--agents',
    'hostile',
    '--plan',
    'template',
    '--no-review',
  ];
  const result = await execa(
    tsx,
    [entry, ...args, '--config', config, '--workspace', ws, ...(json ? ['--json'] : [])],
    { cwd: root, reject: false, stdin: 'ignore', encoding: 'buffer' },
  );
  const [folder] = readdirSync(ws).filter((name) => name !== 'config.json');
  return { result, folder: join(ws, folder!) };
}

// Everything a terminal could take as a command: ESC, the C0 controls but tab and newline, DEL, and C1
// controls (U+0080–U+009F, which some terminals obey in UTF-8).
const CONTROL_BYTES = /[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]/;

describe('what the headless CLI prints of hostile agent output', () => {
  it('strips window-title, clipboard and clear-screen sequences from the readable output; the files keep them', async () => {
    const { result, folder } = await runHostile('escapes', false);
    const stderr = Buffer.from(result.stderr).toString('latin1');
    expect(stderr).toMatch(/"Done\. Copied here .*end"/);
    expect(stderr).not.toMatch(CONTROL_BYTES);
    // The agent's bytes are kept where they belong: the raw log and the events.
    const raw = readFileSync(join(folder, 'workers', 'hostile', 'raw.jsonl'), 'utf8');
    expect(raw).toContain('\\u001b]52;c;cm0gLXJmIH4K');
    expect(readFileSync(join(folder, 'events.jsonl'), 'utf8')).toContain('\\u001b]0;pwned title\\u0007');
  }, 60_000);

  it('--json stays exact JSON with every control escaped, the same values as events.jsonl', async () => {
    const { result, folder } = await runHostile('escapes', true);
    const stdout = Buffer.from(result.stdout);
    // One event per line: the only control left is the newline between them.
    expect(stdout.toString('latin1')).not.toMatch(CONTROL_BYTES);
    const printed = stdout
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => Event.parse(JSON.parse(l)));
    const stored = readFileSync(join(folder, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect(printed).toEqual(stored);
    const message = printed.find((e) => e.type === 'message' && e.payload.role === 'assistant');
    expect(message?.payload).toMatchObject({ text: expect.stringContaining('\x1b]52;c;cm0gLXJmIH4K\x1b\\') });
    expect(message?.payload).toMatchObject({ text: expect.stringContaining('\x9b2J\x9d0;') });
  }, 60_000);

  it('prints nothing a terminal would obey of 600 KB of binary garbage', async () => {
    const { result } = await runHostile('binary', false);
    const stderr = Buffer.from(result.stderr).toString('latin1');
    expect(stderr).toMatch(/unparsed line: /);
    expect(stderr).not.toMatch(CONTROL_BYTES);
  }, 60_000);
});
