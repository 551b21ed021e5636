import { focusPane } from './dom';
import type { KeyLike, Shortcut } from './shortcut';
import { sessionOf } from './session-facts';
import type { CommandContext, UiCommand } from './types';

const digitOf = (event: KeyLike): number | null => {
  const match = /^Digit([1-9])$/.exec(event.code ?? '') ?? /^([1-9])$/.exec(event.key);
  return match ? Number(match[1]) : null;
};

const plain = (event: KeyLike): boolean =>
  !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;

/** 1–9: one shortcut for a family of keys, so it is one entry in the registry and one line in the help. */
const digits: Shortcut = {
  label: '1–9',
  aria: '1 2 3 4 5 6 7 8 9',
  chord: false,
  test: (event) => plain(event) && digitOf(event) !== null,
};

const workers = (ctx: CommandContext) => sessionOf(ctx)?.workers ?? [];

function focusAt(ctx: CommandContext, index: number): void {
  const worker = workers(ctx)[index];
  if (!worker) return;
  ctx.state.focusWorker(worker.workerId);
  focusPane(worker.workerId);
}

export const focusWorkerByNumber: UiCommand = {
  name: 'focus-worker',
  scope: 'session',
  label: () => 'Select a worker by its number',
  shortcut: digits,
  unavailable: (ctx) => {
    const digit = ctx.key ? digitOf(ctx.key) : null;
    return digit !== null && digit > workers(ctx).length ? `there is no worker ${digit}` : null;
  },
  perform: (ctx) => focusAt(ctx, (ctx.key ? (digitOf(ctx.key) ?? 1) : 1) - 1),
};

const step = (delta: number) => (ctx: CommandContext) => {
  const list = workers(ctx);
  if (list.length === 0) return;
  const current = list.findIndex((w) => w.workerId === ctx.state.focusedWorker);
  focusAt(ctx, current < 0 ? 0 : (current + delta + list.length) % list.length);
};

export const nextWorker: UiCommand = {
  name: 'next-worker',
  scope: 'session',
  label: () => 'Next worker',
  shortcut: {
    label: ']',
    aria: ']',
    chord: false,
    test: (e) => e.key === ']' && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
  unavailable: (ctx) => (workers(ctx).length > 0 ? null : 'no workers'),
  perform: step(1),
};

export const previousWorker: UiCommand = {
  name: 'previous-worker',
  scope: 'session',
  label: () => 'Previous worker',
  shortcut: {
    label: '[',
    aria: '[',
    chord: false,
    test: (e) => e.key === '[' && !e.ctrlKey && !e.metaKey && !e.altKey,
  },
  unavailable: (ctx) => (workers(ctx).length > 0 ? null : 'no workers'),
  perform: step(-1),
};
