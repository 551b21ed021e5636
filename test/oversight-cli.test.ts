import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Event, OpenDecision } from '../src-shared/models';
import { splitLines } from './cli-fixtures';
import { scratchRepo } from './scratch-repo';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'src-main', 'cli', 'main.ts');
const temp: string[] = [];
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

const orchestrate = (args: string[]) =>
  execa(tsx, [entry, ...args], { cwd: root, reject: false, stdin: 'ignore' });

const storedEvents = (folder: string) =>
  splitLines(readFileSync(join(folder, 'events.jsonl'), 'utf8')).map((l) => Event.parse(JSON.parse(l)));

describe('headless oversight', () => {
  it('exit 4 lists every question with its worker; show keeps it paused; resume answers only the worker named', async () => {
    const repo = scratchRepo();
    const ws = mkdtempSync(join(tmpdir(), 'orchestrator-oversight-cli-'));
    temp.push(repo, ws);
    const config = join(ws, 'cfg.json');
    const env = { ORCHESTRATOR_DEMO_VERDICT: 'concern', ORCHESTRATOR_DEMO_DELAY_MS: '20' };
    writeFileSync(
      config,
      JSON.stringify({
        agents: Object.fromEntries(['claude', 'codex', 'gemini'].map((a) => [a, { command: a, env }])),
      }),
    );
    const common = ['--config', config, '--workspace', ws];
    const run = await orchestrate([
      'run',
      'add a CONTRIBUTING file',
      '--repo',
      repo,
      '--demo',
      '--plan',
      'template',
      ...common,
    ]);
    expect(run.exitCode, String(run.stderr)).toBe(4);
    const sessionId = /session (\S+)\n/.exec(String(run.stderr))![1]!;
    const folder = join(ws, sessionId);
    const asked = storedEvents(folder).flatMap((e) =>
      e.type === 'decision' && e.payload.action === 'PAUSE_AND_CLARIFY' ? [e.payload.target!] : [],
    );
    expect(new Set(asked).size).toBe(asked.length);
    for (const worker of asked)
      expect(String(run.stderr)).toContain(`orchestrate resume ${sessionId} --worker ${worker} --answer`);

    // show (after a text show, which must not rewrite anything) says paused, with the questions.
    const text = await orchestrate(['show', sessionId, '--workspace', ws]);
    const shown = await orchestrate(['show', sessionId, '--json', '--workspace', ws]);
    const json = JSON.parse(String(shown.stdout)) as { status: string; openDecisions: unknown[] };
    expect(json.status).toBe('paused');
    const open = json.openDecisions.map((d) => OpenDecision.parse(d));
    expect(open.map((d) => d.workerId).sort()).toEqual([...asked].sort());
    expect(String(text.stdout)).toMatch(new RegExp(`session +${sessionId} \\(paused`));
    expect(String(text.stdout)).toContain(
      `${asked[0]} (question, decision ${open.find((d) => d.workerId === asked[0])!.id})`,
    );
    const sessions = await orchestrate(['sessions', '--json', '--workspace', ws]);
    expect(JSON.parse(String(sessions.stdout))[0]).toMatchObject({ sessionId, status: 'paused' });

    const before = storedEvents(folder).length;
    if (asked.length > 1) {
      // Several questions and no worker named: one message naming the choices, nothing started.
      const vague = await orchestrate(['resume', sessionId, '--answer', 'go on', ...common]);
      expect(vague.exitCode).toBe(2);
      expect(String(vague.stderr)).toMatch(
        /open questions; say which worker the answer is for with --worker /,
      );
      for (const worker of asked) expect(String(vague.stderr)).toContain(worker);
      expect(storedEvents(folder)).toHaveLength(before);
    }
    const target = asked.at(-1)!;
    writeFileSync(config, JSON.stringify({}));
    const answer = `Fine as it is, ${target}.`;
    const answered = await orchestrate([
      'resume',
      sessionId,
      '--worker',
      target,
      '--answer',
      answer,
      ...common,
    ]);
    expect([0, 4]).toContain(answered.exitCode);
    const after = storedEvents(folder).slice(before);
    const withAnswer = after.filter((e) => e.type === 'worker_started' && e.payload.args.includes(answer));
    expect(withAnswer.map((e) => e.workerId)).toEqual([target]);
  }, 240_000);
});
