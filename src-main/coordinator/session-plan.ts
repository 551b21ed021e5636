import type { Event, EventDraft, TaskBreakdown } from '../../src-shared/models';
import { draft } from '../../src-shared/models';
import { SESSION_ENV } from '../workers/sweep';
import type { OneShotStorage } from './one-shot-run';
import { planTask } from './planner/plan-task';
import type { SessionOptions } from './session-types';
import { templatePlan } from './template-plan';

/**
 * The session's plan (ARCHITECTURE §4): the one given, the template split when asked for, else the planner
 * agent's — whose runs' usage and whose fallback, if it failed, are said as events.
 */
export async function makeSessionPlan(
  options: SessionOptions,
  signal: AbortSignal,
  storage: OneShotStorage,
  emit: (d: EventDraft) => Event | null,
): Promise<TaskBreakdown> {
  const agents = options.agents.map((a) => a.agent);
  if (options.plan) return options.plan;
  if (options.planMode === 'template') return templatePlan(options.task, agents);
  const result = await planTask({
    task: options.task,
    agents,
    repo: options.repo,
    baseCommit: options.baseCommit,
    sessionFolder: options.folder,
    planner: options.config.planner,
    agentConfigs: options.config.agents,
    demo: options.demo,
    pathEnv: options.pathEnv,
    markerEnv: { [SESSION_ENV]: options.sessionId },
    signal,
    storage,
  });
  for (const { agent, usage, retry } of result.runs) {
    emit(
      draft('run_usage', {
        role: 'planner',
        agent,
        ...(retry ? { retry } : {}),
        tokens: usage.tokens,
        costUsd: usage.costUsd,
        ...(usage.model ? { model: usage.model } : {}),
      }),
    );
  }
  if (result.error) emit(draft('error', { message: result.error, fatal: false, code: 'plan_fallback' }));
  return result.breakdown;
}
