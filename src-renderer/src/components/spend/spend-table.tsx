import type { SessionSpend, Spend } from '../../../../src-shared/models';
import { spendCost, unpricedNote } from '../../../../src-shared/log/spend-text';
import { formatTokens } from '../../format';

const ROWS: readonly [keyof SessionSpend, string, string][] = [
  ['workers', 'Workers', 'the agents doing the task'],
  ['planner', 'Planner', 'splitting the task into assignments'],
  ['reviews', 'Reviews', 'every reviewer run, retries included'],
];

function SpendRow({
  label,
  hint,
  spend,
  total,
}: {
  label: string;
  hint: string;
  spend: Spend;
  total?: boolean;
}) {
  const Cell = total ? 'th' : 'td';
  return (
    <tr className={total ? 'spend-total' : undefined}>
      <th scope="row" title={hint}>
        {label}
      </th>
      <Cell>{formatTokens(spend.tokens.input)}</Cell>
      <Cell>{formatTokens(spend.tokens.output)}</Cell>
      <Cell>{formatTokens(spend.tokens.cached)}</Cell>
      <Cell>{spendCost(spend)}</Cell>
    </tr>
  );
}

/** The session's spend by kind of run, and what the dollar figure leaves out. */
export function SpendTable({ spend }: { spend: SessionSpend }) {
  const note = unpricedNote(spend.total);
  return (
    <>
      <table className="spend-table">
        <thead>
          <tr>
            <th scope="col">Runs</th>
            <th scope="col">Input</th>
            <th scope="col">Output</th>
            <th scope="col" title="Part of the input, read from the CLI's cache">
              Cached
            </th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([key, label, hint]) => (
            <SpendRow key={key} label={label} hint={hint} spend={spend[key]} />
          ))}
          <SpendRow label="Total" hint="workers, planner and reviews" spend={spend.total} total />
        </tbody>
      </table>
      {note ? <p className="spend-note muted">{note}.</p> : null}
    </>
  );
}
