import { join } from 'node:path';
import type { AgentConfig, EventDraft, TaskBreakdown } from '../../../src-shared/models';
import { adapterFor } from '../../agents/registry';
import type { OneShotStorage } from '../one-shot-run';
import { templatePlan } from '../template-plan';
import { strengthLines } from './agent-strengths';
import { checkPlanAnswer } from './check-plan';
import { correctivePrompt, plannerPrompt, type PlannerPromptInput } from './planner-prompt';
import { repoLayout } from './repo-layout';
import type { RunUsage } from '../run-usage';
import { endedWith, runPlanner, type PlannerRun } from './run-planner';

export interface PlanTaskOptions {
  task: string;
  /** The session's agents, in the order it starts them: the plan gets exactly one assignment for each. */
  agents: readonly string[];
  /** The repository root, where the planner runs read-only; not a git repository works too. */
  repo: string;
  /** The session's base commit, whose layout the prompt shows; null outside git. */
  baseCommit: string | null;
  /** The planner's raw output goes to <sessionFolder>/planner[-retry]/{raw.jsonl,stderr.log}. */
  sessionFolder: string;
  /** Which agent plans (default claude); it needs no assignment of its own to plan. */
  planner?: string;
  /** The config's agents: the planner's command, args, env, model and format, and custom agents' formats. */
  agentConfigs?: Readonly<Record<string, AgentConfig>>;
  demo: boolean;
  pathEnv: string;
  /** Marks the planner's processes like a worker's (see workers/sweep.ts). */
  markerEnv?: Record<string, string>;
  /** Per attempt (default 5 minutes). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The planner's normalized events, for a session that wants to show or log them. */
  onEvent?: (draft: EventDraft, attempt: number) => void;
  /** Redaction and fault reporting of the planner's files, as the session does for its workers'. */
  storage?: OneShotStorage;
}

export interface PlanTaskResult {
  breakdown: TaskBreakdown;
  /** Planner runs launched: 0 (it could not be launched), 1, or 2 with the retry. */
  attempts: number;
  /** Why the template split was used; absent when the planner's plan was. */
  error?: string;
  /** What each planner run used (the retry marked), for the session's spend; empty when none ran. */
  runs: PlannerRunUsage[];
}

export interface PlannerRunUsage {
  agent: string;
  usage: RunUsage;
  retry: boolean;
}

export const DEFAULT_PLANNER = 'claude';
export const DEFAULT_PLANNER_TIMEOUT_MS = 5 * 60_000;

/**
 * The seed's decompose_task: the planner agent splits the task into one assignment per enabled agent
 * (ARCHITECTURE §4). An answer that is not valid plan JSON for exactly those agents gets one retry whose
 * prompt says what was wrong; if that fails too — or the planner cannot run, times out or is cancelled —
 * the built-in template split is used and `error` says why. It never throws for a planner's failure.
 */
export async function planTask(options: PlanTaskOptions): Promise<PlanTaskResult> {
  const planner = options.planner ?? DEFAULT_PLANNER;
  const runs: PlannerRunUsage[] = [];
  const template = (attempts: number, error: string): PlanTaskResult => ({
    breakdown: templatePlan(options.task, options.agents),
    attempts,
    error: `${error}; using the template split`,
    runs,
  });
  const config = options.agentConfigs?.[planner];
  const adapter = adapterFor(planner, config);
  if (!adapter) return template(0, `planner "${planner}" is not a known agent`);
  const input: PlannerPromptInput = {
    task: options.task,
    agents: options.agents,
    strengths: strengthLines(options.agents, options.agentConfigs),
    layout: await repoLayout(options.repo, options.baseCommit),
  };
  const attempt = (n: number, prompt: string): Promise<PlannerRun> =>
    runPlanner({
      adapter,
      config,
      demo: options.demo,
      prompt,
      cwd: options.repo,
      pathEnv: options.pathEnv,
      markerEnv: options.markerEnv ?? {},
      folder: join(options.sessionFolder, n === 1 ? 'planner' : 'planner-retry'),
      timeoutMs: options.timeoutMs ?? DEFAULT_PLANNER_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
      onEvent: (d) => options.onEvent?.(d, n),
    });

  const problems: string[] = [];
  let launched = 0;
  for (let n = 1; n <= 2; n += 1) {
    const prompt = n === 1 ? plannerPrompt(input) : correctivePrompt(input, problems[0]!);
    const run = await attempt(n, prompt);
    if (run.exit !== null) launched += 1;
    if (run.usage) runs.push({ agent: planner, usage: run.usage, retry: n > 1 });
    const check = run.failure === null ? checkPlanAnswer(run.text, options.agents) : null;
    if (check?.ok) {
      return {
        breakdown: { task: options.task, assignments: check.assignments, source: 'agent' },
        attempts: launched,
        runs,
      };
    }
    problems.push(run.failure ?? `${check && !check.ok ? check.problem : 'no plan'}${endedWith(run.exit)}`);
    if (run.final) break;
  }
  const detail = problems.length === 1 ? problems[0] : `first: ${problems[0]}; retry: ${problems[1]}`;
  return template(launched, `the planner (${planner}) gave no usable plan (${detail})`);
}
