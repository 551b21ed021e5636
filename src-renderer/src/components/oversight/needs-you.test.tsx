// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event, EventPayloads } from '../../../../src-shared/models';
import { SessionHeader } from '../session-header';
import { SessionSummary } from '../session-summary';
import { WorkerPane } from '../worker-pane';
import { eventMaker, fakeClient, openStore, renderWith, text } from '../../testing/fixtures';
import { NeedsYou } from './needs-you';

afterEach(cleanup);

type DecisionPayload = EventPayloads['decision'];

const concernOn = (target: string, reviewers: [string, string]): DecisionPayload => ({
  action: 'PAUSE_AND_CLARIFY',
  reason: `2 of 2 reviewers raised concerns about ${target}`,
  rule: 'majority_concern',
  target,
  reviewIds: [],
  ruleText: '2 of 2 reviewers raised concerns',
  question: `Should ${target} add a burst test before it goes on?`,
  verdicts: reviewers.map((reviewer) => ({ reviewer, verdict: 'concern', summary: 'no burst test' })),
  findings: [
    {
      severity: 'high',
      file: `src/${target}.ts`,
      line: 42,
      message: 'no burst test',
      suggestion: 'add one',
    },
  ],
  unreviewed: [],
});

const blockerOn = (target: string): DecisionPayload => ({
  action: 'STOP_AND_ESCALATE',
  reason: `a blocker on ${target}`,
  rule: 'any_blocker',
  target,
  reviewIds: [],
  ruleText: '1 of 1 reviewer found a blocker',
  question: `${target}'s work was stopped. Continue anyway, give it instructions, or stop the session?`,
  verdicts: [{ reviewer: 'claude', verdict: 'blocker', summary: 'limits are per process' }],
  findings: [
    {
      severity: 'critical',
      file: 'src/limiter.ts',
      line: 12,
      message: 'a Map per process',
      suggestion: 'keep the counters in redis',
    },
  ],
  unreviewed: [{ reviewer: 'gemini', reason: 'gemini needs GEMINI_API_KEY' }],
});

/** Both workers finished, then the reviews asked the person about codex and about gemini. */
function pausedOnTwo(): Event[] {
  const ev = eventMaker();
  return [
    ev('session_status', { status: 'running' }),
    ev('worker_status', { status: 'completed' }, 'codex'),
    ev('worker_status', { status: 'completed' }, 'gemini'),
    ev('decision', concernOn('codex', ['claude', 'gemini'])),
    ev('decision', concernOn('gemini', ['claude', 'codex'])),
    ev('session_status', { status: 'paused' }),
  ];
}

function escalatedOnCodex(): Event[] {
  const ev = eventMaker();
  return [
    ev('session_status', { status: 'running' }),
    ev('worker_status', { status: 'completed' }, 'codex'),
    ev('decision', blockerOn('codex')),
    ev('control', { command: 'stop', by: 'policy' }),
    ev('session_status', { status: 'escalated' }),
  ];
}

const card = (worker: string) =>
  screen.getByRole('article', { name: new RegExp(`^${worker} — `) }) as HTMLElement;

describe('needs you', () => {
  it('shows one card per open decision, each titled with its worker and the rule in words', () => {
    const store = openStore();
    store.getState().applyEvents({ sessionId: 's1', events: pausedOnTwo() });
    renderWith(store, <NeedsYou />);
    const dialog = screen.getByRole('dialog', { name: 'Needs you' });
    expect(within(dialog).getAllByRole('article')).toHaveLength(2);
    const codex = card('codex');
    expect(text(codex.querySelector('h3'))).toBe('codex — 2 of 2 reviewers raised concerns');
    // Plain words first; the policy's names only as small secondary detail.
    expect(text(codex.querySelector('.status-chip'))).toBe('? Needs your answer');
    expect(text(codex.querySelector('.internal-name'))).toBe('PAUSE_AND_CLARIFY · majority_concern');
    expect(text(codex)).toContain('Should codex add a burst test before it goes on?');
    const findings = within(codex).getByRole('list', { name: 'Findings on codex' });
    expect(text(findings)).toBe('src/codex.ts:42 high no burst test — suggestion: add one');
    const reviews = within(codex).getByRole('list', { name: 'Reviews of codex' });
    expect(text(reviews)).toContain('claude: concern no burst test');
    expect(text(reviews)).toContain('gemini: concern no burst test');
    expect(
      within(codex)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      'Send answer to codex',
      'Continue without answering',
      "Inspect codex's diff",
      'Stop codex',
      'Stop the session',
    ]);
    expect(text(card('gemini').querySelector('h3'))).toBe('gemini — 2 of 2 reviewers raised concerns');
    // What the copy promises is what happens: the answer reaches the worker.
    expect(text(dialog)).not.toMatch(/do not receive answers|Resume anyway/);
    expect(text(codex)).toContain('relaunched on its own conversation with your answer');
  });

  it("sends an answer to the card's worker with the decision's id, and to no other", async () => {
    const client = fakeClient();
    const store = openStore(client);
    const events = pausedOnTwo();
    store.getState().applyEvents({ sessionId: 's1', events });
    renderWith(store, <NeedsYou />, client);
    const gemini = card('gemini');
    const send = within(gemini).getByRole('button', { name: 'Send answer to gemini' });
    // Nothing to send yet: the button says why instead of sending an empty answer.
    expect(send.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(send);
    expect(client.decide).not.toHaveBeenCalled();
    fireEvent.change(within(gemini).getByLabelText('Your answer to gemini'), {
      target: { value: '  bursts are fine  ' },
    });
    await act(async () => fireEvent.click(send));
    const decisionSeq = events.findLast((e) => e.type === 'decision')!.seq;
    expect(client.decide).toHaveBeenCalledTimes(1);
    expect(client.decide).toHaveBeenCalledWith({
      sessionId: 's1',
      decisionId: String(decisionSeq),
      workerId: 'gemini',
      choice: 'answer',
      answer: 'bursts are fine',
    });
    await act(async () => fireEvent.click(within(card('codex')).getByRole('button', { name: 'Stop codex' })));
    expect(client.decide).toHaveBeenLastCalledWith({
      sessionId: 's1',
      decisionId: String(decisionSeq - 1),
      workerId: 'codex',
      choice: 'stop_worker',
    });
  });

  it('drops a card once its decision is answered, and closes when none is left', () => {
    const store = openStore();
    const events = pausedOnTwo();
    store.getState().applyEvents({ sessionId: 's1', events });
    renderWith(store, <NeedsYou />);
    let seq = events.length;
    const answered = (target: string): Event => ({
      ...eventMaker()('control', { command: 'resume', by: 'user', target }),
      seq: ++seq,
    });
    act(() => store.getState().applyEvents({ sessionId: 's1', events: [answered('codex')] }));
    expect(screen.getAllByRole('article').map((a) => a.dataset.worker)).toEqual(['gemini']);
    act(() => store.getState().applyEvents({ sessionId: 's1', events: [answered('gemini')] }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens for an escalation with its findings, who could not review, and the override', async () => {
    const client = fakeClient();
    const store = openStore(client);
    store.getState().applyEvents({ sessionId: 's1', events: escalatedOnCodex() });
    renderWith(store, <NeedsYou />, client);
    const codex = card('codex');
    expect(text(codex.querySelector('h3'))).toBe('codex — 1 of 1 reviewer found a blocker');
    expect(text(codex.querySelector('.status-chip'))).toBe('! Escalated to you');
    expect(text(within(codex).getByRole('list', { name: 'Findings on codex' }))).toBe(
      'src/limiter.ts:12 critical a Map per process — suggestion: keep the counters in redis',
    );
    expect(text(codex)).toContain('gemini could not review: gemini needs GEMINI_API_KEY');
    expect(within(codex).queryByRole('button', { name: 'Continue without answering' })).toBeNull();
    await act(async () => fireEvent.click(within(codex).getByRole('button', { name: 'Continue anyway' })));
    expect(client.decide).toHaveBeenCalledWith(
      expect.objectContaining({ workerId: 'codex', choice: 'continue' }),
    );
    // Inspecting the diff closes the dialog and opens codex's changes under the panes.
    fireEvent.click(within(codex).getByRole('button', { name: "Inspect codex's diff" }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(store.getState().dock).toEqual({ workerId: 'codex', mode: 'diff' });
    // The banner says what waits, not only that the session ended.
    expect(text(screen.getByRole('status'))).toContain('codex: 1 of 1 reviewer found a blocker');
  });

  it('keeps the keyboard inside, closes on Esc, and reopens from the banner and the header', () => {
    const store = openStore();
    store.getState().applyEvents({ sessionId: 's1', events: pausedOnTwo() });
    renderWith(
      store,
      <>
        <SessionHeader />
        <NeedsYou />
      </>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Needs you' });
    const focusable = [...dialog.querySelectorAll<HTMLElement>('button, textarea')];
    expect(document.activeElement).toBe(within(card('codex')).getByLabelText('Your answer to codex'));
    focusable.at(-1)!.focus();
    fireEvent.keyDown(document.activeElement!, { key: 'Tab' });
    expect(document.activeElement).toBe(focusable[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(focusable.at(-1));

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    const banner = screen.getByRole('status');
    expect(text(banner)).toContain('Needs you');
    fireEvent.click(within(banner).getByRole('button', { name: 'Needs you (2)' }));
    expect(screen.getByRole('dialog', { name: 'Needs you' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    const header = screen.getByRole('banner');
    fireEvent.click(within(header).getByRole('button', { name: 'Needs you (2)' }));
    expect(screen.getByRole('dialog', { name: 'Needs you' })).toBeTruthy();
  });

  it('says a paused session with nothing to decide is paused, with where to go on', () => {
    const store = openStore();
    const ev = eventMaker();
    store.getState().applyEvents({
      sessionId: 's1',
      events: [ev('session_status', { status: 'running' }), ev('session_status', { status: 'paused' })],
    });
    renderWith(store, <NeedsYou />);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(text(screen.getByRole('status'))).toContain('Paused — nothing is waiting for an answer');
  });

  it("shows an escalated worker's pane as waiting for the person, not as completed", () => {
    const store = openStore();
    store.getState().applyEvents({ sessionId: 's1', events: escalatedOnCodex() });
    const codex = store.getState().view!.state!.workers.find((w) => w.workerId === 'codex')!;
    expect(codex.status).toBe('completed');
    renderWith(store, <WorkerPane worker={codex} index={1} />);
    const chip = screen.getByRole('article', { name: 'codex worker' }).querySelector('.status-chip')!;
    expect(text(chip)).toBe('!escalated to you');
    expect(chip.className).toContain('tone-alert');
    // The summary of the escalated session says the same.
    renderWith(store, <SessionSummary />);
    const row = screen.getByRole('row', { name: /^codex/ });
    expect(text(row.querySelector('.status-chip'))).toBe('!escalated to you');
    expect(text(screen.getByRole('row', { name: /^claude/ }).querySelector('.status-chip'))).not.toContain(
      'escalated',
    );
  });

  it("ends an escalated session from the header's Stop, as the answer to what is open", async () => {
    const client = fakeClient();
    const store = openStore(client);
    store.getState().applyEvents({ sessionId: 's1', events: escalatedOnCodex() });
    renderWith(store, <SessionHeader />, client);
    const stop = screen.getByRole('button', { name: 'Stop the session' });
    expect(stop.getAttribute('aria-disabled')).toBe('false');
    await act(async () => fireEvent.click(stop));
    const decisionSeq = escalatedOnCodex().find((e) => e.type === 'decision')!.seq;
    expect(client.decide).toHaveBeenCalledWith({
      sessionId: 's1',
      choice: 'stop_session',
      decisionId: String(decisionSeq),
    });
    expect(client.control).not.toHaveBeenCalled();
  });
});
