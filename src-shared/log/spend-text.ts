import type { SessionSpend, Spend } from '../models';
import { formatCost, tokens } from './text';

const tokenCount = (spend: Spend): number => spend.tokens.input + spend.tokens.output;

/** "$0.31" — or, when some agents reported no price, "$0.31 + unpriced" so the figure is not read as all. */
export function spendCost(spend: Spend): string {
  if (spend.costUsd === null) return tokenCount(spend) > 0 ? 'no price reported' : formatCost(null);
  return `${formatCost(spend.costUsd)}${spend.unpriced?.length ? ' + unpriced' : ''}`;
}

/** The parts of a session's spend in one line: "workers $0.20 (12.1k tok) · planner … · reviews …". */
export function spendBreakdown(spend: SessionSpend): string {
  const parts: [string, Spend][] = [
    ['workers', spend.workers],
    ['planner', spend.planner],
    ['reviews', spend.reviews],
  ];
  return parts
    .map(([name, part]) => `${name} ${spendCost(part)} (${tokens(tokenCount(part))} tok)`)
    .join(' · ');
}

/** Who reported tokens without a price, in words; '' when every part was priced. */
export function unpricedNote(spend: Spend): string {
  const who = spend.unpriced ?? [];
  if (who.length === 0) return '';
  return `${who.join(', ')} ${who.length === 1 ? 'reports' : 'report'} no price: ${who.length === 1 ? 'its' : 'their'} tokens are not in the dollar figure`;
}

/** The whole spend for a terminal: total, parts, and what the figure leaves out. */
export function describeSpend(spend: SessionSpend): string {
  const note = unpricedNote(spend.total);
  return (
    `${spendCost(spend.total)} · ${tokens(tokenCount(spend.total))} tokens — ${spendBreakdown(spend)}` +
    (note ? `\n${note}` : '')
  );
}
