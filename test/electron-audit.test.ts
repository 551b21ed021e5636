// The Electron audit's gate (scripts/electron-audit): fed with Electronegativity's real output, captured with
// `npx tsx scripts/audit-electron.ts --save-issues FILE` (orchestrator.json: this app's sources) and from a
// deliberately insecure two-file app (insecure-app.json: INSECURE_MAIN and INSECURE_HTML below), and run live.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  formatVerdict,
  judge,
  normalizeIssues,
  parseAllowlist,
  type AllowlistEntry,
  type Finding,
} from '../scripts/electron-audit/findings';
import { installNetworkTripwire, scan } from '../scripts/electron-audit/run';

const ROOT = join(import.meta.dirname, '..');
const fixture = (name: string): Finding[] =>
  normalizeIssues(
    JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'electronegativity', name), 'utf8')),
  );
const ours = fixture('orchestrator.json');
const insecure = fixture('insecure-app.json');
const projectAllowlist = parseAllowlist(readFileSync(join(ROOT, 'electronegativity-allowlist.json'), 'utf8'));

const INSECURE_MAIN = `const { app, BrowserWindow, shell } = require('electron');

app.on('ready', () => {
  const win = new BrowserWindow({
    webPreferences: {
      nodeIntegration: true,
      contextIsolation: false,
      webSecurity: false,
      allowRunningInsecureContent: true,
      experimentalFeatures: true,
    },
  });
  win.loadURL('http://example.com/');
  win.webContents.on('did-finish-load', () => shell.openExternal(process.argv[2]));
});
`;
const INSECURE_HTML = `<!doctype html>
<html><head><title>x</title></head><body><script src="http://example.com/x.js"></script></body></html>
`;

const entry = (fields: Partial<AllowlistEntry> = {}): AllowlistEntry => ({
  check: 'AUXCLICK_JS_CHECK',
  file: 'main.js',
  reason: 'new windows are denied by the window open handler',
  ...fields,
});
const ids = (findings: readonly Finding[]) => findings.map((f) => f.check).sort();

describe('normalizeIssues on real output', () => {
  it('reads every issue of both captures', () => {
    expect(ours.length).toBeGreaterThan(0);
    expect(insecure.find((f) => f.check === 'CONTEXT_ISOLATION_JS_CHECK')).toEqual({
      check: 'CONTEXT_ISOLATION_JS_CHECK',
      severity: 'HIGH',
      confidence: 'FIRM',
      file: 'main.js',
      line: 7,
      column: 6,
      sample: 'contextIsolation: false,',
      description: expect.stringContaining('contextIsolation'),
    });
  });

  it('gives a whole-app finding the file N/A and an empty sample', () => {
    expect(insecure.find((f) => f.check === 'LIMIT_NAVIGATION_GLOBAL_CHECK')).toMatchObject({
      severity: 'HIGH',
      file: 'N/A',
      sample: '',
    });
  });

  it('refuses an issue of another shape instead of guessing', () => {
    expect(() => normalizeIssues([{ id: 'X', severity: 'HIGH' }])).toThrow(/issue 0 has an unknown shape/);
    expect(() =>
      normalizeIssues([
        {
          id: 'X',
          file: 'a',
          location: { line: 1, column: 0 },
          severity: { name: 'SEVERE' },
          confidence: {},
        },
      ]),
    ).toThrow(/unknown shape/);
  });
});

describe('judge', () => {
  it('fails the insecure app on each HIGH and MEDIUM finding, and only those', () => {
    const verdict = judge(insecure, []);
    expect(verdict.ok).toBe(false);
    expect(ids(verdict.blocking)).toEqual([
      'AUXCLICK_JS_CHECK',
      'CONTEXT_ISOLATION_JS_CHECK',
      'CSP_GLOBAL_CHECK',
      'HTTP_RESOURCES_JS_CHECK',
      'HTTP_RESOURCES_WITH_NODE_INTEGRATION_GLOBAL_CHECK',
      'INSECURE_CONTENT_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'OPEN_EXTERNAL_JS_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
    ]);
    expect(verdict.blocking.every((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')).toBe(true);
    // LOW and INFORMATIONAL are shown, never gating (the tool itself rates nodeIntegration: true this low).
    expect(ids(verdict.informational)).toEqual([
      'EXPERIMENTAL_FEATURES_JS_CHECK',
      'NODE_INTEGRATION_JS_CHECK',
    ]);
  });

  it('passes this app with the project allowlist, and fails it without', () => {
    const verdict = judge(ours, projectAllowlist);
    expect(verdict.blocking).toEqual([]);
    expect(verdict.stale).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(ids(verdict.allowed.map((a) => a.finding))).toEqual([
      'OPEN_EXTERNAL_JS_CHECK',
      'PRELOAD_JS_CHECK',
    ]);
    expect(judge(ours, []).ok).toBe(false);
  });

  it('allows a finding only when check, file and sample all match', () => {
    const auxclick = insecure.filter((f) => f.check === 'AUXCLICK_JS_CHECK');
    expect(judge(auxclick, [entry()]).ok).toBe(true);
    expect(judge(auxclick, [entry({ sample: 'new BrowserWindow(' })]).ok).toBe(true);
    for (const other of [
      entry({ file: 'other.js' }),
      entry({ check: 'PRELOAD_JS_CHECK' }),
      entry({ sample: 'new BrowserView(' }),
    ]) {
      const verdict = judge(auxclick, [other]);
      expect(verdict.ok).toBe(false);
      expect(ids(verdict.blocking)).toEqual(['AUXCLICK_JS_CHECK']);
    }
  });

  it('fails on an allowlist entry that matches no finding any more', () => {
    const gone = entry({ check: 'PRELOAD_JS_CHECK' });
    const verdict = judge(ours, [...projectAllowlist, gone]);
    expect(verdict.stale).toEqual([gone]);
    expect(verdict.ok).toBe(false);
    expect(formatVerdict(verdict)).toContain('FAIL stale allowlist entry');
  });

  it('does not let an entry cover a LOW finding: such an entry is stale', () => {
    const low = ours.filter((f) => f.severity === 'LOW');
    expect(low.length).toBeGreaterThan(0);
    const verdict = judge(low, [entry({ check: 'CSP_GLOBAL_CHECK', file: low[0]!.file })]);
    expect(verdict.stale).toHaveLength(1);
  });

  it('fails on a file the tool could not parse, not on one it parsed with warnings', () => {
    const unparsed = { file: 'out/main/index.js', message: 'Unknown node type', tolerable: false };
    const warned = { file: 'a.js', message: 'recovered', tolerable: true };
    expect(judge([], [], [warned]).ok).toBe(true);
    const verdict = judge([], [], [unparsed, warned]);
    expect(verdict.unparsed).toEqual([unparsed]);
    expect(verdict.ok).toBe(false);
  });

  it('reports each blocking finding with its place, and a FAILED summary', () => {
    const report = formatVerdict(judge(insecure, []));
    expect(report).toContain('FAIL HIGH CONTEXT_ISOLATION_JS_CHECK main.js:7:6 — contextIsolation: false,');
    expect(report).toContain('FAIL HIGH LIMIT_NAVIGATION_GLOBAL_CHECK (whole app)');
    expect(report.split('\n').at(-1)).toMatch(/^electronegativity: FAILED \(11 blocking, 0 allowlisted/);
  });
});

describe('parseAllowlist', () => {
  const valid = {
    $comment: 'why this file exists',
    entries: [{ check: 'AUXCLICK_JS_CHECK', file: 'a.ts', reason: 'denied by the window open handler' }],
  };

  it('reads entries with a check, a file, an optional sample and a reason', () => {
    expect(parseAllowlist(JSON.stringify(valid))).toEqual(valid.entries);
  });

  it('keeps the project allowlist short, every entry with a reason naming a test', () => {
    expect(projectAllowlist.length).toBeLessThanOrEqual(5);
    for (const { reason } of projectAllowlist) expect(reason).toMatch(/Proven by .*test|spec/);
  });

  it.each([
    [
      'an entry without a reason',
      { entries: [{ check: 'AUXCLICK_JS_CHECK', file: 'a.ts' }] },
      /entries\.0\.reason/,
    ],
    [
      'a reason too short to say anything',
      { entries: [{ check: 'AUXCLICK_JS_CHECK', file: 'a.ts', reason: '  ok  ' }] },
      /entries\.0\.reason/,
    ],
    [
      'a lower-case check id',
      { entries: [{ check: 'auxclick', file: 'a.ts', reason: 'x'.repeat(30) }] },
      /check/,
    ],
    [
      'an unknown field (a typo would silently widen the entry)',
      { entries: [{ check: 'A_CHECK', file: 'a.ts', reason: 'x'.repeat(30), samples: 'y' }] },
      /samples|unrecognized/i,
    ],
    ['no entries list', { allow: [] }, /entries/],
  ])('refuses %s', (_what, json, problem) => {
    expect(() => parseAllowlist(JSON.stringify(json))).toThrow(problem);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseAllowlist('{ entries: [] // no }')).toThrow(/not JSON/);
  });
});

describe('the network tripwire', () => {
  it('refuses and records a connection while installed, and lets go after', async () => {
    const attempts: string[] = [];
    const restore = installNetworkTripwire(attempts);
    try {
      expect(() => net.connect(9, '127.0.0.1')).toThrow(/network access refused/);
      await expect(fetch('http://127.0.0.1:65534/')).rejects.toThrow();
    } finally {
      restore();
    }
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts[0]).toContain('connect');
    const socket = net.connect(9, '127.0.0.1');
    socket.on('error', () => {});
    socket.destroy();
  });
});

describe('a live scan (the real tool, offline)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'electron-audit-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds what the capture shows in the insecure app, without touching the network', async () => {
    writeFileSync(join(dir, 'main.js'), INSECURE_MAIN);
    writeFileSync(join(dir, 'index.html'), INSECURE_HTML);
    const result = await scan({ input: dir, electronVersion: '41.7.1' });
    expect(result.networkAttempts).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.checks).toBeGreaterThan(30);
    const key = (f: Finding) => `${f.severity} ${f.check} ${f.file}:${f.line} ${f.sample}`;
    expect(result.findings.map(key).sort()).toEqual(insecure.map(key).sort());
  });
});
