import { z } from 'zod';

export const TaskAssignment = z.object({
  agent: z.string().min(1),
  title: z.string().min(1),
  instructions: z.string().min(1),
  scope: z.array(z.string()).default([]),
});
export type TaskAssignment = z.infer<typeof TaskAssignment>;

/** The plan JSON of ARCHITECTURE §4, plus where it came from. */
export const PlanJson = z.object({ assignments: z.array(TaskAssignment).min(1) });
export type PlanJson = z.infer<typeof PlanJson>;

export const TaskBreakdown = z.object({
  task: z.string(),
  assignments: z.array(TaskAssignment),
  source: z.enum(['agent', 'template']),
});
export type TaskBreakdown = z.infer<typeof TaskBreakdown>;
