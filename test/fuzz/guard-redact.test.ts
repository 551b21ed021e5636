import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectAll, type GuardContext } from '../../src-main/security/guard';
import { GUARD_RULES } from '../../src-main/security/guard-rules';
import { createRedactor, redactValue, REDACTED } from '../../src-main/security/redact';
import { draft } from '../../src-shared/models';

const context: GuardContext = { worktree: '/srv/ws/wt', home: '/home/dev' };
const RULE_IDS = new Set(GUARD_RULES.map((r) => r.id));

const TOKENS = [
  'rm',
  '-rf',
  '-r',
  '-f',
  '--recursive',
  'sudo',
  'doas',
  'dd',
  'of=/dev/sda',
  'mkfs.ext4',
  'chmod',
  '-R',
  '777',
  'curl',
  'wget',
  'sh',
  'bash',
  '-c',
  '-lc',
  'python3',
  '-',
  'echo',
  'cd',
  'env',
  '-C',
  'find',
  '-exec',
  '{}',
  '\\;',
  '+',
  'tee',
  'cp',
  'mv',
  '/',
  '~',
  '$HOME',
  '..',
  '../x',
  './build',
  '/etc',
  '/tmp/x',
  '"',
  "'",
  '`',
  '$(',
  ')',
  '(',
  '{',
  '}',
  ';',
  '&&',
  '||',
  '|',
  '&',
  '>',
  '>>',
  '2>&1',
  '<<',
  'EOF',
  '\n',
  '#',
  '\\',
  ':',
  '$X',
  '${HOME}',
  '<(',
  'eval',
  'xargs',
  'timeout',
  '10',
];

/** Shell-like token soup: mostly plausible command lines, often broken ones. */
const shellish = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((t) => t.join(' ')),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((t) => t.join('')),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

const command = (line: string) => draft('command', { command: line, status: 'started', exitCode: null });
const ruleIds = (line: string): string[] =>
  [...new Set(inspectAll(command(line), context).map((h) => h.ruleId))].sort();
const singleQuoted = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

describe('guard under fuzzing', () => {
  it('never throws and returns well-formed hits for any command line or tool input', () => {
    const events = fc.oneof(
      shellish.map(command),
      fc
        .tuple(
          fc.constantFrom('Bash', 'shell', 'run_shell_command', 'Write', 'write_file', 'apply_patch'),
          fc.jsonValue(),
        )
        .map(([name, input]) => draft('tool_use', { toolId: 't', name, summary: '', input })),
      fc
        .tuple(
          fc.constantFrom('Bash', 'Write', 'apply_patch'),
          fc.dictionary(fc.constantFrom('command', 'file_path', 'changes'), fc.jsonValue()),
        )
        .map(([name, input]) => draft('tool_use', { toolId: 't', name, summary: '', input })),
      fc.string().map((path) => draft('file_change', { path, kind: 'update' })),
    );
    fc.assert(
      fc.property(events, (event) => {
        for (const hit of inspectAll(event, context)) {
          expect(RULE_IDS.has(hit.ruleId)).toBe(true);
          expect(['log', 'pause', 'stop']).toContain(hit.policy);
          expect(hit.evidence.length).toBeLessThanOrEqual(300);
        }
      }),
      { numRuns: 4_000 },
    );
  });

  it('judges a command the same when codex wraps it in /bin/bash -lc', () => {
    fc.assert(
      fc.property(shellish, (line) => {
        expect(ruleIds(`/bin/bash -lc ${singleQuoted(line)}`)).toEqual(ruleIds(line));
      }),
      { numRuns: 3_000 },
    );
  });

  it('never takes quoted text for a command', () => {
    fc.assert(
      fc.property(shellish, (line) => {
        expect(ruleIds(`echo ${singleQuoted(line)}`)).toEqual([]);
        expect(ruleIds(`git commit -m ${singleQuoted(line)}`)).toEqual([]);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('redaction under fuzzing', () => {
  const secret = fc.stringMatching(/^[A-Za-z0-9_.-]{8,24}$/);

  it('leaves no configured secret in any text', () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }),
        fc.nat(),
        (secrets, pieces, seed) => {
          const redact = createRedactor(secrets);
          const parts = pieces.flatMap((piece, i) => [piece, secrets[(seed + i) % secrets.length] as string]);
          const out = redact(parts.join(''));
          for (const s of secrets) expect(out.includes(s)).toBe(false);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('copies any JSON value with its strings redacted and the input untouched', () => {
    const redact = createRedactor(['the-secret-1']);
    const withSecret = fc.jsonValue().map((v) => [v, 'the-secret-1', { k: 'x the-secret-1 y' }]);
    fc.assert(
      fc.property(withSecret, (value) => {
        const before = JSON.stringify(value);
        const out = redactValue(value, redact);
        expect(JSON.stringify(value)).toBe(before);
        const text = JSON.stringify(out);
        expect(text.includes('the-secret-1')).toBe(false);
        expect(text.includes(REDACTED)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
