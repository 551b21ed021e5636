import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AgentConfig, StreamFormat } from '../../src-shared/models';
import { adapterFor, isBuiltinAgent } from '../agents/registry';
import { SETUP_HINTS } from './agent-setup-hints';
import { findExecutable } from './find-executable';

export interface AgentProbe {
  agent: string;
  command: string;
  format: StreamFormat | null;
  enabled: boolean;
  found: boolean;
  path: string | null;
  version: string | null;
  /** How the CLI will authenticate, as far as can be told without calling any API. */
  auth: 'api_key_in_env' | 'credentials_file' | 'unknown';
  /** What the person should do next; null when nothing is needed. */
  next: string | null;
}

const VERSION = /\d+\.\d+\.\d+(?:[-+][\w.]+)?/;

/** Credential files the CLIs write after an interactive login. */
function credentialFiles(agent: string, env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? homedir();
  if (agent === 'claude') return [join(home, '.claude', '.credentials.json')];
  if (agent === 'codex') return [join(env.CODEX_HOME ?? join(home, '.codex'), 'auth.json')];
  if (agent === 'gemini') return [join(env.GEMINI_CLI_HOME ?? home, '.gemini', 'oauth_creds.json')];
  return [];
}

/** Found or not, where, which version, and what to do next — without sending anything to any model API. */
export async function probeAgent(
  agent: string,
  config: AgentConfig | undefined,
  pathEnv: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AgentProbe> {
  const adapter = adapterFor(agent, config);
  const command = config?.command ?? adapter?.defaultCommand ?? agent;
  const hints = isBuiltinAgent(agent) ? SETUP_HINTS[agent] : null;
  const base = {
    agent,
    command,
    format: adapter?.format ?? null,
    enabled: config?.enabled ?? true,
  };
  const path = findExecutable(command, pathEnv);
  if (!path) {
    const next = hints
      ? `install it: ${hints.install}${config?.command ? ` (or fix agents.${agent}.command: ${command})` : ''}`
      : `${command} was not found: fix agents.${agent}.command`;
    return { ...base, found: false, path: null, version: null, auth: 'unknown', next };
  }
  const runEnv: NodeJS.ProcessEnv = { ...env, ...(config?.env ?? {}), PATH: pathEnv };
  const result = await execa(path, ['--version'], {
    env: { ...runEnv, DISABLE_AUTOUPDATER: '1', GEMINI_CLI_NO_RELAUNCH: 'true', NO_COLOR: '1' },
    stdin: 'ignore',
    timeout: 20_000,
    reject: false,
  });
  const version = VERSION.exec(`${String(result.stdout ?? '')}\n${String(result.stderr ?? '')}`)?.[0] ?? null;
  const keyInEnv = hints?.keyEnv.some((key) => Boolean(runEnv[key])) ?? false;
  const auth = keyInEnv
    ? 'api_key_in_env'
    : credentialFiles(agent, runEnv).some((f) => existsSync(f))
      ? 'credentials_file'
      : 'unknown';
  let next: string | null = null;
  if (result.exitCode !== 0 || version === null) {
    next = `${path} --version failed (${result.timedOut ? 'timed out' : `exit ${result.exitCode}`}): reinstall it${hints ? ` with ${hints.install}` : ''}`;
  } else if (auth === 'unknown' && hints) {
    next = hints.login;
  }
  return { ...base, found: true, path, version, auth, next };
}
