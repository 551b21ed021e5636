import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { isCommandName } from '../../src-shared/ipc/channels';
import { commands, eventChannels } from '../../src-shared/ipc/contract';
import { preloadInitScript } from './preload-shim';

const ROOT = join(import.meta.dirname, '..', '..');
export const MAIN_BUNDLE = join(ROOT, 'out', 'main', 'index.js');
const REGISTER_DOUBLE = join(ROOT, 'e2e', 'electron-double', 'register.mjs');

export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

export interface WindowInfo {
  url: string;
  preload: string | null;
  webPreferences: Record<string, unknown>;
}

export interface Probe {
  webPreferences: Record<string, unknown>;
  singleInstanceRequested: boolean;
  privilegedSchemes: { scheme: string; privileges: Record<string, boolean> }[];
  permissionGranted: boolean | undefined;
  permissionCheck: boolean | undefined;
  navigationPrevented: boolean;
  windowOpen: { allowed: string; foreign: string };
  openedExternally: string[];
  menuRoles: string[];
  userData: string;
  /** Desktop notifications main has shown so far. */
  notifications: { title: string; body: string }[];
  /** Folders main asked the file manager to open (shell.openPath). */
  openedPaths: string[];
  /** What main last put on the clipboard. */
  clipboard: string;
}

type Incoming =
  | { type: 'window'; url: string; preload: string | null; webPreferences: Record<string, unknown> }
  | { type: 'send'; channel: string; payload: unknown }
  | { type: 'reply'; id: number; value?: unknown; error?: string }
  | { type: 'exit'; code: number };

export interface LaunchOptions {
  /** Electron's appData stand-in; userData and the sessions workspace end up inside it. */
  appData: string;
  /** What the native folder dialog returns; unset means the person cancels. */
  pickDirectory?: string;
  /** Extra environment of the main process (and so of the demo agents it starts). */
  env?: Record<string, string>;
  /**
   * Check every event batch against the contract's schema (default): main sends the test process a copy of
   * each. A benchmark turns it off: at thousands of events a second the copy and the check would take the
   * CPU the app is being measured with.
   */
  checkEvents?: boolean;
}

/**
 * The built main bundle in a Node child process with `electron` doubled, and the built renderer and preload
 * in Chromium, joined the way Electron joins them: invoke from the page, events back to it.
 */
export class AppHarness {
  readonly logs: string[] = [];
  /** Answers and events from main that do not match the contract's schemas; a test expects none. */
  readonly contractViolations: string[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly exited: Promise<number | null>;
  private windowInfo: Promise<WindowInfo>;
  browser: Browser | null = null;
  page!: Page;

  /** Listens from the first moment: the window may be announced before Chromium is up. */
  private constructor(
    readonly main: ChildProcess,
    private readonly checkEvents = true,
  ) {
    let resolveWindow!: (info: WindowInfo) => void;
    let rejectWindow!: (error: Error) => void;
    this.windowInfo = new Promise((resolve, reject) => {
      resolveWindow = resolve;
      rejectWindow = reject;
    });
    this.windowInfo.catch(() => undefined);
    this.exited = new Promise((resolve) => main.once('exit', (code) => resolve(code)));
    main.stdout?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    main.stderr?.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    main.on('message', (message: Incoming) => {
      if (message.type === 'window') resolveWindow(message);
      else if (message.type === 'send') this.checkEvent(message.channel, message.payload);
      else if (message.type === 'reply') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error !== undefined) waiter?.reject(new Error(message.error));
        else waiter?.resolve(message.value);
      }
    });
    main.once('exit', (code) => {
      rejectWindow(
        new Error(`the main process exited (${code}) before opening a window:\n${this.logs.join('')}`),
      );
      for (const waiter of this.pending.values()) waiter.reject(new Error('the main process exited'));
      this.pending.clear();
    });
  }

  static async launch(options: LaunchOptions): Promise<AppHarness> {
    const main = spawn(process.execPath, ['--import', REGISTER_DOUBLE, MAIN_BUNDLE], {
      cwd: ROOT,
      env: {
        ...process.env,
        E2E_APP_DATA: options.appData,
        // Main sends its messages to the page itself; a copy comes here only to be checked.
        E2E_CHECK_EVENTS: options.checkEvents === false ? '0' : '1',
        ...(options.pickDirectory ? { E2E_PICK_DIRECTORY: options.pickDirectory } : {}),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const harness = new AppHarness(main, options.checkEvents);
    try {
      await harness.open();
    } catch (error) {
      await harness.close();
      throw error;
    }
    return harness;
  }

  private async open(): Promise<void> {
    this.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    this.page = await this.browser.newPage();
    const window = await this.window();
    if (!window.preload) throw new Error('the main window has no preload');
    const invoke = async (source: { frame: Frame }, channel: string, input: unknown): Promise<unknown> => {
      const answer = await this.request({
        type: 'invoke',
        channel,
        input,
        frameUrl: source.frame.url(),
        subframe: source.frame.parentFrame() !== null,
      });
      this.checkAnswer(channel, answer);
      return answer;
    };
    await this.page.exposeBinding('__e2eInvoke', invoke);
    // The preload's own way in: the answer crosses as JSON text, which Playwright hands over far faster
    // than an object (a page of a log is hundreds of KB), so the harness does not slow the page down.
    await this.page.exposeBinding('__e2eInvokeJson', async (source, channel: string, input: unknown) =>
      JSON.stringify(await invoke(source, channel, input)),
    );
    await this.page.addInitScript(preloadInitScript(readFileSync(window.preload, 'utf8')));
    await this.page.goto(window.url);
    await this.request({ type: 'loaded' });
  }

  window(): Promise<WindowInfo> {
    return this.windowInfo;
  }

  probe(): Promise<Probe> {
    return this.request({ type: 'probe' }) as Promise<Probe>;
  }

  /** A reload as Electron reports it (the old document's subscriptions end), then the page reloads. */
  async reload(): Promise<void> {
    await this.request({ type: 'navigate' });
    await this.page.reload();
  }

  /** Quits the app the way the menu or the window's close does, and resolves with the exit code. */
  async quit(): Promise<number | null> {
    await this.request({ type: 'quit' });
    return this.exited;
  }

  /** Quits the app properly when it is still up, so its agents do not outlive the test; kills it otherwise. */
  async close(): Promise<void> {
    await this.browser?.close().catch(() => {});
    if (this.main.exitCode !== null || this.main.signalCode !== null) return;
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
    if ((await Promise.race([this.quit().catch(() => 'failed'), timeout])) === 'timeout') {
      this.main.kill('SIGKILL');
      await this.exited;
    }
  }

  private request(message: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.main.send({ ...message, id });
    });
  }

  private checkAnswer(channel: string, answer: unknown): void {
    const envelope = answer as { ok?: boolean; value?: unknown };
    if (!isCommandName(channel) || envelope?.ok !== true) return;
    const result = commands[channel].output.safeParse(envelope.value);
    if (!result.success) this.contractViolations.push(`${channel} answered: ${result.error.message}`);
  }

  /** A message main sent the page (the double delivers it, see preload-shim.ts), against the contract. */
  private checkEvent(channel: string, payload: unknown): void {
    if (channel !== 'session:events') this.contractViolations.push(`${channel}: not in the contract`);
    else if (this.checkEvents) {
      const result = eventChannels[channel].safeParse(payload);
      if (!result.success) this.contractViolations.push(`${channel}: ${result.error.message}`);
    }
  }
}
