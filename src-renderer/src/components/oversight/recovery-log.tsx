import { recoveryInWords } from '../../../../src-shared/state/describe-event';
import { commandLine } from '../../log/text';
import { useApp } from '../../store/context';
import type { RecoveryItem } from '../../store/projections/oversight';

const NO_RECOVERIES: readonly RecoveryItem[] = [];

/** An argument as a command line shows it here: a prompt pages long is its first words. */
const shortArg = (arg: string): string =>
  arg.length > 60 ? `${arg.slice(0, 57).replace(/\s+/g, ' ')}…` : arg;

/**
 * The flags recovery added or removed, marked; the command lines before and after on demand, each long
 * argument (the prompt) shortened — what changed is the point, not the prompt.
 */
function CommandChange({ item }: { item: RecoveryItem }) {
  const { before, after, addArgs, removeArgs } = item.action;
  return (
    <div className="command-change">
      {addArgs.length + removeArgs.length > 0 ? (
        <span className="arg-changes">
          {addArgs.length > 0 ? <ins>+ {commandLine(addArgs)}</ins> : null}
          {removeArgs.length > 0 ? <del>− {commandLine(removeArgs)}</del> : null}
        </span>
      ) : null}
      {before && after ? (
        <details>
          <summary>Command lines</summary>
          <code className="before" title="Before">
            {commandLine(before.map(shortArg))}
          </code>
          <span aria-label="became"> → </span>
          <code className="after" title="After">
            {commandLine(after.map(shortArg))}
          </code>
        </details>
      ) : null}
    </div>
  );
}

export function RecoveryLog() {
  const recoveries = useApp((s) => s.view?.oversight.recoveries ?? NO_RECOVERIES);
  if (recoveries.length === 0) return null;
  return (
    <section className="panel recovery-log" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Recovery</h2>
      <ol className="oversight-list">
        {recoveries.slice(-100).map((item) => {
          const { action } = item;
          return (
            <li key={item.seq} className="oversight-row">
              <time dateTime={item.ts}>{new Date(item.ts).toLocaleTimeString()}</time>{' '}
              <strong>{item.workerId ?? 'session'}</strong>: {recoveryInWords(action)}{' '}
              <span className="internal-name">
                ({action.kind}, {action.errorId})
              </span>
              {action.hint ? <p className="hint">What to do: {action.hint}</p> : null}
              <CommandChange item={item} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
