// The preload bundle's source, run with Electron's contextBridge and ipcRenderer doubled: what the page gets
// as window.orchestrator, and what reaches ipcRenderer when the page calls it.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, EVENT_CHANNELS } from '../src-shared/ipc/channels';

const bridge = vi.hoisted(() => ({
  exposed: [] as { key: string; api: unknown }[],
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null })),
  listeners: new Map<string, Set<(...args: unknown[]) => void>>(),
}));
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.push({ key, api }),
  },
  ipcRenderer: {
    invoke: bridge.invoke,
    on(channel: string, listener: (...args: unknown[]) => void) {
      if (!bridge.listeners.has(channel)) bridge.listeners.set(channel, new Set());
      bridge.listeners.get(channel)!.add(listener);
    },
    removeListener(channel: string, listener: (...args: unknown[]) => void) {
      bridge.listeners.get(channel)?.delete(listener);
    },
  },
}));

type Api = Record<string, unknown>;
let api: Api;
beforeAll(async () => {
  await import('../src-preload/index');
  api = bridge.exposed[0]!.api as Api;
});

/** `session.start` style paths of everything callable on the object, however deep. */
function surface(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'function') return [path.join('.')];
  if (value === null || typeof value !== 'object') return [`${path.join('.')} (${typeof value})`];
  return Reflect.ownKeys(value).flatMap((key) =>
    surface((value as Api)[key as string], [...path, String(key)]),
  );
}

describe('the preload', () => {
  it('exposes one object, as window.orchestrator, and nothing else', () => {
    expect(bridge.exposed.map((e) => e.key)).toEqual(['orchestrator']);
  });

  it("exposes exactly the contract's commands and onEvents", () => {
    const expected = [...COMMAND_NAMES.map((name) => name.replace(':', '.')), 'onEvents'];
    expect(surface(api).sort()).toEqual(expected.sort());
  });

  it.each(COMMAND_NAMES)('%s invokes its own channel with the input, and nothing else', async (name) => {
    bridge.invoke.mockClear();
    const [noun, verb] = name.split(':') as [string, string];
    const call = (api[noun] as Record<string, (input: unknown, ...rest: unknown[]) => Promise<unknown>>)[
      verb
    ]!;
    // A second argument cannot pick another channel or smuggle more data through.
    await call({ x: 1 }, 'fs:read', { y: 2 });
    expect(bridge.invoke).toHaveBeenCalledExactlyOnceWith(name, { x: 1 });
  });

  it('passes event payloads to the page without the Electron event object, and unsubscribes', () => {
    const [channel] = EVENT_CHANNELS;
    const received: unknown[][] = [];
    const stop = (api.onEvents as (l: (...args: unknown[]) => void) => () => void)((...args) =>
      received.push(args),
    );
    const fakeEvent = { sender: { send() {} }, senderId: 0 };
    for (const listener of bridge.listeners.get(channel)!) listener(fakeEvent, { batch: 1 });
    expect(received).toEqual([[{ batch: 1 }]]);
    stop();
    expect(bridge.listeners.get(channel)!.size).toBe(0);
  });

  it('confirms batches to the main process once the page has taken them, even if its listener threw', () => {
    const [channel] = EVENT_CHANNELS;
    bridge.invoke.mockClear();
    vi.useFakeTimers();
    const stop = (api.onEvents as (l: (payload: unknown) => void) => () => void)((payload) => {
      if ((payload as { lastSeq: number }).lastSeq === 9) throw new Error('the page broke');
    });
    const deliver = (payload: unknown) => {
      for (const listener of bridge.listeners.get(channel)!) listener({}, payload);
    };
    deliver({ sessionId: 's1', lastSeq: 7, eventsJson: '[]' });
    expect(() => deliver({ sessionId: 's1', lastSeq: 9, eventsJson: '[]' })).toThrow('the page broke');
    deliver({ sessionId: 's1' });
    // Small batches: confirmed together a moment later.
    expect(bridge.invoke).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(bridge.invoke.mock.calls).toEqual([['session:received', { sessionId: 's1', seq: 9 }]]);
    // A busy stream: confirmed as soon as thousands are unconfirmed, without waiting.
    deliver({ sessionId: 's1', lastSeq: 5_000, eventsJson: '[]' });
    expect(bridge.invoke.mock.calls.at(-1)).toEqual(['session:received', { sessionId: 's1', seq: 5_000 }]);
    vi.advanceTimersByTime(1_000);
    expect(bridge.invoke).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
    stop();
  });

  it('refuses an onEvents listener that is not a function', () => {
    expect(() => (api.onEvents as (l: unknown) => void)('session:events')).toThrow(TypeError);
  });
});
