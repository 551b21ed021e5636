import { describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES } from '../../src-shared/ipc/channels';
import { UserInputError } from '../coordinator/errors';
import { APP_URL, isTrustedSender } from './app-origin';
import {
  CommandError,
  createIpcServer,
  type CommandHandlers,
  type FrameLike,
  type InvokeEventLike,
} from './ipc-server';

const MAIN_CONTENTS = 7;

const sender = (id = MAIN_CONTENTS) => ({ id, send: vi.fn(), isDestroyed: () => false });
const topFrame = (url = APP_URL): FrameLike => ({ url, parent: null });
const event = (frame: FrameLike | null = topFrame(), contentsId = MAIN_CONTENTS): InvokeEventLike => ({
  sender: sender(contentsId),
  senderFrame: frame,
});

function setup(overrides: Partial<CommandHandlers> = {}) {
  const handlers = {
    'sessions:list': vi.fn(() => []),
    'session:start': vi.fn(async () => ({ sessionId: 's1', folder: '/w/s1' })),
    'session:state': vi.fn(() => {
      throw new CommandError('not_found', 'There is no session x.');
    }),
    'session:control': vi.fn(async () => null),
    'session:subscribe': vi.fn(() => null),
    'session:unsubscribe': vi.fn(() => null),
    'session:resume': vi.fn(async () => ({ sessionId: 's1', folder: '/w/s1' })),
    'session:decide': vi.fn(async () => null),
    'worker:rawLog': vi.fn(() => ({ from: 1, lines: [], total: 0 })),
    'worker:diff': vi.fn(async () => ({ base: 'abc', patch: '', files: [] })),
    'worker:openWorktree': vi.fn(async () => ({ path: '/w/s1/claude' })),
    'agents:doctor': vi.fn(async () => []),
    'config:get': vi.fn(() => ({ path: '/c.json', text: '{}', exists: false, issues: [] })),
    'config:save': vi.fn(() => ({ saved: true as const, path: '/c.json' })),
    'app:pickRepository': vi.fn(async () => '/picked'),
    ...overrides,
  } as CommandHandlers;
  const onInternalError = vi.fn();
  const server = createIpcServer({
    handlers,
    isTrustedSender: (e) => isTrustedSender(e, MAIN_CONTENTS, APP_URL),
    onInternalError,
  });
  return { server, handlers, onInternalError };
}

const start = { task: 'Add a guide', repo: '/src/app', demo: true };

describe('ipc server', () => {
  it('answers a valid command from the main window in an ok envelope', async () => {
    const { server, handlers } = setup();
    expect(await server.invoke('session:start', event(), start)).toEqual({
      ok: true,
      value: { sessionId: 's1', folder: '/w/s1' },
    });
    expect(handlers['session:start']).toHaveBeenCalledWith(
      start,
      expect.objectContaining({ id: MAIN_CONTENTS }),
    );
  });

  it.each([
    ['an iframe of the app page', event({ url: APP_URL, parent: topFrame() })],
    ['a page at another origin', event(topFrame('https://example.com/index.html'))],
    ['a file:// page', event(topFrame('file:///tmp/index.html'))],
    ['another window', event(topFrame(), MAIN_CONTENTS + 1)],
    ['a frame that is gone', event(null)],
  ])('refuses %s without calling the handler', async (_what, foreign) => {
    const { server, handlers } = setup();
    const answer = await server.invoke('session:start', foreign, start);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handlers['session:start']).not.toHaveBeenCalled();
  });

  it('refuses input of the wrong shape as invalid_input, naming the field', async () => {
    const { server, handlers } = setup();
    const answer = await server.invoke('session:start', event(), { task: 'x', repo: 42, demo: true });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!answer.ok && answer.error.message).toContain('repo');
    expect(handlers['session:start']).not.toHaveBeenCalled();
  });

  it.each([
    ['session:resume', { sessionId: '' }],
    ['session:decide', { sessionId: 's1', choice: 'ignore' }],
    ['session:decide', { sessionId: 's1', choice: 'resume', answer: 42 }],
    ['worker:rawLog', { sessionId: 's1', workerId: 'claude', from: 0, count: 10 }],
    ['worker:rawLog', { sessionId: 's1', workerId: 'claude', from: 1, count: 1_000_000 }],
    ['worker:rawLog', { sessionId: 's1', from: 1, count: 10 }],
    ['worker:diff', { sessionId: 's1', workerId: '' }],
    ['worker:diff', { sessionId: 's1', workerId: 'claude', path: '/etc/passwd' }],
    ['worker:openWorktree', { sessionId: 's1', workerId: 'claude', path: '/etc' }],
    ['config:save', { text: 42 }],
    ['config:save', {}],
  ] as const)('refuses %s with %j as invalid_input before any handler runs', async (name, input) => {
    const { server, handlers } = setup();
    expect(await server.invoke(name, event(), input)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(handlers[name]).not.toHaveBeenCalled();
  });

  it('refuses fields the contract does not know', async () => {
    const { server } = setup();
    const answer = await server.invoke('session:subscribe', event(), {
      sessionId: 's1',
      afterSeq: 0,
      all: true,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('passes the core refusal code and message through', async () => {
    const { server } = setup({
      'session:start': async () => {
        throw new UserInputError('repository not found: /nope', 'bad_repo');
      },
    });
    expect(await server.invoke('session:start', event(), start)).toEqual({
      ok: false,
      error: { code: 'bad_repo', message: 'repository not found: /nope' },
    });
  });

  it('maps a handler CommandError to its code', async () => {
    const { server } = setup();
    expect(await server.invoke('session:state', event(), { sessionId: 'x' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no session x.' },
    });
  });

  it('reports an unexpected failure as internal, and logs it', async () => {
    const boom = new Error('disk full');
    const { server, onInternalError } = setup({
      'sessions:list': () => {
        throw boom;
      },
    });
    const answer = await server.invoke('sessions:list', event(), undefined);
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(onInternalError).toHaveBeenCalledWith('sessions:list', boom);
  });

  it('refuses a name outside the contract', async () => {
    const { server } = setup();
    expect(await server.invoke('fs:read', event(), {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
  });

  it('registers exactly the contract commands, routed through the same checks', async () => {
    const { server } = setup();
    const registered = new Map<string, (e: InvokeEventLike, input: unknown) => Promise<unknown>>();
    const ipcMain = { handle: vi.fn((c: string, l) => registered.set(c, l)), removeHandler: vi.fn() };
    const unregister = server.register(ipcMain);
    expect([...registered.keys()].sort()).toEqual([...COMMAND_NAMES].sort());
    expect(await registered.get('app:pickRepository')!(event(), undefined)).toEqual({
      ok: true,
      value: '/picked',
    });
    expect(
      await registered.get('app:pickRepository')!(event(topFrame('https://example.com/')), undefined),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    unregister();
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(COMMAND_NAMES.length);
  });
});
