import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'src-main', 'cli', 'main.ts');

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:port */
  url: string;
  token: string;
  dashboardUrl: string | null;
  stderr(): string;
  /** SIGTERM, as a service manager or Ctrl-C would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `orchestrate <args>` as a real process; resolves once it has printed where it listens and its token.
 * `nodeFlags` go to the Node process that runs it (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function startOrchestrate(
  args: string[],
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<ServeProcess> {
  const child = spawn(TSX, [...nodeFlags, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL and token within 30 s:\n${stderr}`)), 30_000);
    const check = () => {
      const match = /^api: (\S+).*\ntoken: (\S+)$/m.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', check);
      resolve(match);
    };
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`orchestrate exited (${code}) before serving:\n${stderr}`));
    });
  });
  return {
    child,
    url: printed[1]!,
    token: printed[2]!,
    dashboardUrl: /^dashboard: (http\S+)$/m.exec(stderr)?.[1] ?? null,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
