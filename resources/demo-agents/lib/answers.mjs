// @ts-check
// Why this exists: plan and review prompts want the same JSON from every agent; only the wording is each demo's own.

/**
 * @typedef {{ title: string, instructions: string, scope: string[] }} Role
 * @typedef {{ message: string, suggestion: string }} Advice
 * @typedef {{ severity: string, file: string, line: number, message: string, suggestion: string }} Finding
 */

/** What each demo agent does, for the plans claude's and codex's demos answer with. @type {Record<string, Role>} */
export const DEMO_ROLES = {
  claude: {
    title: 'Write the main change',
    instructions: 'Implement the task in the main document or code.',
    scope: ['.'],
  },
  codex: {
    title: 'Add a docs note and a check',
    instructions: 'Describe the change under docs/ and verify it with a shell check.',
    scope: ['docs/'],
  },
  gemini: {
    title: 'Record the change',
    instructions: 'Add a changelog entry for the change.',
    scope: ['CHANGELOG.md'],
  },
};

/** @type {Role} */
const SUPPORT_ROLE = {
  title: 'Support the change',
  instructions: 'Review and complete the task.',
  scope: ['.'],
};

/**
 * The plan JSON: one assignment per agent, from its role in `roles` (`fallback` for an agent without one).
 * @param {string} task @param {string[]} agents @param {Record<string, Role>} roles @param {Role} [fallback]
 */
export function planFor(task, agents, roles, fallback = SUPPORT_ROLE) {
  const assignments = agents.map((agent) => {
    const role = roles[agent] ?? fallback;
    return {
      agent,
      title: `${role.title}: ${task}`,
      instructions: `${role.instructions} Task: ${task}`,
      scope: role.scope,
    };
  });
  return { assignments };
}

/** The plan JSON as the demos print it, two-space indented. @param {object} plan */
export const planJson = (plan) => JSON.stringify(plan, null, 2);

/** A short reply holding the plan in a ```json fence. @param {object} plan */
export const planReply = (plan) => `Here is the plan.\n\n\`\`\`json\n${planJson(plan)}\n\`\`\``;

/** The verdict a review answers with: ORCHESTRATOR_DEMO_VERDICT (approve|concern|blocker|invalid), approve by default. */
export const demoVerdict = () => process.env.ORCHESTRATOR_DEMO_VERDICT || 'approve';

/** One review finding, on the first line of `file`. @param {string} severity @param {string} file @param {Advice} advice @returns {Finding} */
export const finding = (severity, file, { message, suggestion }) => ({
  severity,
  file,
  line: 1,
  message,
  suggestion,
});

/**
 * The reply to a review prompt: prose without any JSON for the "invalid" verdict, else the verdict JSON. Approve
 * has no findings; any other verdict has one on `file`, high for a blocker and medium otherwise.
 * @param {string} verdict @param {string} file
 * @param {{ prose: string, blocker: Advice, concern: Advice }} words the demo's own wording
 */
export function verdictReply(verdict, file, words) {
  if (verdict === 'invalid') return words.prose;
  const approve = verdict === 'approve';
  return JSON.stringify({
    verdict,
    summary: approve
      ? 'The change does what the task asks.'
      : `The change needs work before merging (${verdict}).`,
    findings: approve
      ? []
      : [
          verdict === 'blocker'
            ? finding('high', file, words.blocker)
            : finding('medium', file, words.concern),
        ],
  });
}
