import type { AgentConfig } from '../../src-shared/models';
import { demoLaunch } from '../agents/demo-agents';
import type { AgentAdapter, RunMode } from '../agents/types';
import { findExecutable } from '../setup/find-executable';

/** What changes from one launch of a worker to the next: recovery edits flags and env, resume adds the id. */
export interface LaunchPlan {
  prompt: string;
  resumeRef: string | null;
  addArgs: string[];
  removeArgs: string[];
  env: Record<string, string>;
}

export interface Launch {
  /** Absolute path of the executable, or null when it is not installed. */
  command: string | null;
  configured: string;
  args: string[];
  env: Record<string, string>;
}

export interface LaunchContext {
  adapter: AgentAdapter;
  config: AgentConfig | undefined;
  demo: boolean;
  cwd: string;
  mode: RunMode;
  pathEnv: string;
}

/**
 * The argv and environment of one launch: the adapter's headless command (the demo agent takes the same
 * argv), the config's args and env, then the recovery plan's edits on top. The environment layers from
 * least to most specific: adapter defaults, PATH, the user's config, recovery's fixes.
 */
export function buildLaunch(
  context: LaunchContext,
  plan: LaunchPlan,
  edit: (args: string[]) => string[],
): Launch {
  const { adapter, config } = context;
  const spec = adapter.buildCommand({
    prompt: plan.prompt,
    cwd: context.cwd,
    mode: context.mode,
    model: config?.model ?? null,
    resumeRef: plan.resumeRef,
    extraArgs: config?.args ?? [],
  });
  const args = edit(spec.args);
  const configured = config?.command ?? adapter.defaultCommand;
  const base = context.demo
    ? demoLaunch(adapter.name, args)
    : { command: findExecutable(configured, context.pathEnv, context.cwd), args, env: {} };
  return {
    command: base.command,
    configured,
    args: base.args,
    env: { ...spec.env, ...base.env, PATH: context.pathEnv, ...(config?.env ?? {}), ...plan.env },
  };
}
