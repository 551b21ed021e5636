import type { AgentAdapter } from '../agents/types';

/** One worker of a session: its id, the agent it runs, and that agent's adapter. */
export interface SessionAgent {
  workerId: string;
  agent: string;
  adapter: AgentAdapter;
}
