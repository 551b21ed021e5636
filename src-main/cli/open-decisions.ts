import type { SessionState } from '../../src-shared/models';
import { openDecisionsOf } from '../../src-shared/state/oversight';
import { terminalSafe } from './terminal-safe';

/**
 * Every open question of a session with the worker it is about, and how to answer it: what a paused
 * (exit 4) or escalated (exit 3) run prints, and what `show` lists. Empty when nothing is open. Safe to
 * print on a terminal.
 */
export function describeOpenDecisions(state: SessionState): string {
  const open = openDecisionsOf(state);
  if (open.length === 0) return '';
  const lines = [`${open.length} open decision${open.length === 1 ? '' : 's'}:`];
  for (const d of open) {
    const kind = d.action === 'STOP_AND_ESCALATE' ? 'escalated' : 'question';
    lines.push(`  ${d.workerId} (${kind}, decision ${d.id}): ${d.ruleText}`);
    lines.push(`    ${d.question}`);
    for (const f of d.findings) {
      const where = f.file ? `${f.file}${f.line !== undefined ? `:${f.line}` : ''} ` : '';
      lines.push(`    - ${where}[${f.severity}] ${f.message}${f.suggestion ? ` → ${f.suggestion}` : ''}`);
    }
    for (const u of d.unreviewed) lines.push(`    (${u.reviewer} could not review: ${u.reason})`);
    if (d.allows.includes('answer'))
      lines.push(`    answer: orchestrate resume ${state.sessionId} --worker ${d.workerId} --answer "…"`);
  }
  // Questions and findings quote what the reviewers wrote.
  return `${terminalSafe(lines.join('\n'))}\n`;
}
