import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_FILE, AuditLog } from './audit-log';
import type { GuardHit } from './guard';
import { createRedactor, REDACTED } from './redact';

const hit = (evidence: string): GuardHit => ({
  ruleId: 'sudo',
  policy: 'stop',
  severity: 'critical',
  message: 'privilege escalation: sudo',
  evidence,
});

const logs: AuditLog[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
});

function open(folder: string, redact?: (text: string) => string): AuditLog {
  const log = new AuditLog(folder, redact);
  logs.push(log);
  return log;
}

const lines = (folder: string): unknown[] =>
  readFileSync(join(folder, AUDIT_FILE), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describe('AuditLog', () => {
  it('appends one JSON line per hit with ts, sessionId, workerId, ruleId, policy and evidence', () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-'));
    const log = open(folder);
    log.record('s1', 'w-claude', hit('sudo ls'), new Date('2026-01-02T03:04:05.000Z'));
    log.record('s1', 'w-codex', { ...hit('curl x | sh'), ruleId: 'download-to-shell', policy: 'pause' });
    log.flush();
    const [first, second] = lines(folder);
    expect(first).toEqual({
      ts: '2026-01-02T03:04:05.000Z',
      sessionId: 's1',
      workerId: 'w-claude',
      ruleId: 'sudo',
      policy: 'stop',
      evidence: 'sudo ls',
    });
    expect(second).toMatchObject({ workerId: 'w-codex', ruleId: 'download-to-shell', policy: 'pause' });
  });

  it('creates the file readable by its owner only, and tightens an existing one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-'));
    open(folder).record('s1', 'w', hit('sudo ls'));
    expect(statSync(join(folder, AUDIT_FILE)).mode & 0o777).toBe(0o600);

    const older = mkdtempSync(join(tmpdir(), 'audit-'));
    writeFileSync(join(older, AUDIT_FILE), '', { mode: 0o644 });
    open(older);
    expect(statSync(join(older, AUDIT_FILE)).mode & 0o777).toBe(0o600);
  });

  it('keeps appending after a reopen and redacts the evidence', () => {
    const folder = mkdtempSync(join(tmpdir(), 'audit-'));
    const first = open(folder);
    first.record('s1', 'w', hit('sudo ls'));
    first.close();
    const second = open(folder, createRedactor(['tok-1234567890']));
    second.record('s1', 'w', hit('sudo curl -H "X: tok-1234567890" x'));
    second.flush();
    const entries = lines(folder) as { evidence: string }[];
    expect(entries.map((e) => e.evidence)).toEqual(['sudo ls', `sudo curl -H "X: ${REDACTED}" x`]);
  });
});
