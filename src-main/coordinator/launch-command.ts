import type { AgentConfig } from '../../src-shared/models';
import { demoLaunch } from '../agents/demo-agents';
import type { AgentAdapter, RunMode } from '../agents/types';
import { argLayout } from '../recovery/argv';
import { applyToArgs } from '../recovery/plan-recovery';
import { resumeChange } from '../recovery/resume-args';
import { findExecutable } from '../setup/find-executable';

export interface Launch {
  /** Absolute path of the executable, or null when it is not installed. */
  command: string | null;
  configured: string;
  /** Arguments before the CLI's own (the demo agent's script path). */
  prefix: string[];
  /** The CLI's argv: what recovery reads and edits. */
  args: string[];
  env: Record<string, string>;
  /** The prompt, when too long for the argv, to write on the CLI's stdin. */
  input?: string;
}

export interface LaunchContext {
  adapter: AgentAdapter;
  config: AgentConfig | undefined;
  demo: boolean;
  cwd: string;
  mode: RunMode;
  pathEnv: string;
}

/** The adapter's headless argv for a prompt, with the config's args before the prompt. */
export function adapterArgs(
  context: LaunchContext,
  prompt: string,
  resumeRef: string | null,
): { args: string[]; env: Record<string, string>; stdin?: string } {
  const { adapter, config } = context;
  const spec = adapter.buildCommand({
    prompt,
    cwd: context.cwd,
    mode: context.mode,
    model: config?.model ?? null,
    resumeRef,
    extraArgs: config?.args ?? [],
  });
  return { args: spec.args, env: spec.env, ...(spec.stdin !== undefined ? { stdin: spec.stdin } : {}) };
}

/**
 * One launch of a worker's CLI (the demo agent takes the same argv). The environment layers from least to
 * most specific: adapter defaults, PATH, the user's config, recovery's fixes.
 */
export function launchOf(
  context: LaunchContext,
  args: string[],
  adapterEnv: Record<string, string>,
  extraEnv: Record<string, string>,
): Launch {
  const { adapter, config } = context;
  const configured = config?.command ?? adapter.defaultCommand;
  const base = context.demo
    ? demoLaunch(adapter.name, [])
    : { command: findExecutable(configured, context.pathEnv, context.cwd), args: [], env: {} };
  return {
    command: base.command,
    configured,
    prefix: base.args,
    args,
    env: { ...adapterEnv, ...base.env, PATH: context.pathEnv, ...(config?.env ?? {}), ...extraEnv },
  };
}

/** The prompt and resume of a one-shot run (review, plan), and any edits to its env. */
export interface LaunchPlan {
  prompt: string;
  resumeRef: string | null;
  addArgs: string[];
  removeArgs: string[];
  env: Record<string, string>;
}

/**
 * A one-shot launch (reviewers, the planner): the adapter's argv for the plan's prompt, edited by `edit`,
 * with the demo agent's script path already in front — `args` is the whole argv to spawn.
 */
export function buildLaunch(
  context: LaunchContext,
  plan: LaunchPlan,
  edit: (args: string[]) => string[] = (args) => args,
): Omit<Launch, 'prefix'> {
  const spec = adapterArgs(context, plan.prompt, plan.resumeRef);
  const launch = launchOf(context, edit(spec.args), spec.env, plan.env);
  return {
    command: launch.command,
    configured: launch.configured,
    args: [...launch.prefix, ...launch.args],
    env: launch.env,
    ...(spec.stdin !== undefined ? { input: spec.stdin } : {}),
  };
}

/**
 * The argv that continues the CLI's own conversation with a new prompt, keeping every flag recovery
 * changed on the way: the current argv with the resume change, and the prompt written the way the adapter
 * writes it (claude after "--", codex last, gemini as -p), and the new prompt's stdin when it is too long
 * for the argv.
 */
export function relaunchArgs(
  context: LaunchContext,
  current: readonly string[],
  sessionRef: string | null,
  prompt: string,
): { args: string[]; stdin?: string } {
  const format = context.adapter.format;
  const resumed = applyToArgs(current, resumeChange(format, current, sessionRef, context.cwd), format);
  const fresh = adapterArgs(context, prompt, sessionRef);
  const args = [
    ...resumed.slice(0, argLayout(format, resumed).promptAt),
    ...fresh.args.slice(argLayout(format, fresh.args).promptAt),
  ];
  return { args, ...(fresh.stdin !== undefined ? { stdin: fresh.stdin } : {}) };
}
