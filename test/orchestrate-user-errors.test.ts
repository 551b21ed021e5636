import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchRepo } from './scratch-repo';
import { tempDirs } from './temp-dirs';

// Every command given bad input: one line on stderr naming the problem, the documented exit code (2 bad usage
// or input, 1 a failure), never a stack trace — a person reads this, not a debugger.

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const { temp, tempDir } = tempDirs();

const ws = tempDir('orchestrator-ws-');
const repo = scratchRepo();
temp.push(repo);
const scratch = tempDir('orchestrator-input-');
const file = (name: string, text: string): string => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const badJson = file('bad.json', '{"agents":');
const badConfig = file('wrong.json', '{"limits":{"idleTimeoutSec":"soon"}}');
const notFolder = file('plain-file', 'x');
// A session folder whose session.json is damaged: commands that read it must say so in one line.
const damaged = join(ws, 'damaged-session');
mkdirSync(damaged);
writeFileSync(join(damaged, 'session.json'), '{"sessionId": "damaged-session", ');

const cases: Array<[string, string[], 1 | 2, RegExp]> = [
  ['an unknown option', ['run', 'x', '--repo', repo, '--bogus'], 2, /unknown option '--bogus'/],
  ['an unknown command', ['frobnicate'], 2, /unknown command 'frobnicate'/],
  ['a missing argument', ['show'], 2, /missing required argument 'id'/],
  ['an option without its value', ['run', 'x', '--repo'], 2, /option '--repo <dir>' argument missing/],
  ['a bad choice', ['run', 'x', '--repo', repo, '--plan', 'bogus'], 2, /--plan.*bogus.*Allowed choices/],
  ['a missing session (show)', ['show', 'no-such-session', '--workspace', ws], 2, /no-such-session/],
  ['a missing session (resume)', ['resume', 'no-such-session', '--workspace', ws], 2, /no-such-session/],
  [
    'a missing session (merge)',
    ['merge', 'no-such-session', '--worker', 'claude', '--workspace', ws],
    2,
    /no-such-session/,
  ],
  ['a missing session (clean)', ['clean', 'no-such-session', '--workspace', ws], 2, /no-such-session/],
  ['a damaged session (show)', ['show', 'damaged-session', '--workspace', ws], 2, /damaged-session/],
  ['a damaged session (resume)', ['resume', 'damaged-session', '--workspace', ws], 2, /damaged-session/],
  [
    'a config that is not JSON',
    ['run', 'x', '--repo', repo, '--demo', '--config', badJson, '--workspace', ws],
    2,
    /not valid JSON/,
  ],
  [
    'a config with a wrong type',
    ['run', 'x', '--repo', repo, '--demo', '--config', badConfig, '--workspace', ws],
    2,
    /limits\.idleTimeoutSec/,
  ],
  [
    'a missing config file',
    ['run', 'x', '--repo', repo, '--demo', '--config', join(scratch, 'none.json'), '--workspace', ws],
    2,
    /none\.json/,
  ],
  [
    'a repository under a file',
    ['run', 'x', '--repo', join(notFolder, 'repo'), '--demo', '--workspace', ws],
    2,
    /repository not found/,
  ],
  ['a workspace that is a file (clean)', ['clean', '--workspace', notFolder], 2, /is not a folder/],
  ['an unknown agent (events)', ['events', '--agent', 'nope', badJson], 2, /unknown agent/],
  ['a missing file (events)', ['events', '--agent', 'claude', join(scratch, 'none.jsonl')], 2, /none\.jsonl/],
  ['a bad port', ['serve', '--port', 'abc', '--workspace', ws], 2, /port/],
  ['a port out of range', ['serve', '--port', '99999', '--workspace', ws], 2, /port/],
  ['a bad --older-than', ['clean', '--older-than', 'soon', '--workspace', ws], 2, /older-than/],
];

describe('orchestrate with bad input', () => {
  it.each(cases.map(([name, args, code, message]) => ({ name, args, code, message })))(
    '$name: one line, exit $code, no stack trace',
    async ({ args, code, message }) => {
      const result = await execa(tsx, [entry, ...args], {
        cwd: root,
        reject: false,
        stdin: 'ignore',
        env: { ORCHESTRATOR_DEBUG: '' },
      });
      const stderr = String(result.stderr).trim();
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr.split('\n')).toEqual([expect.stringMatching(message)]);
      expect(result.exitCode).toBe(code);
    },
  );
});
