import { commandLine } from '../../log/text';
import { useApp } from '../../store/context';
import type { RecoveryItem } from '../../store/projections/oversight';

const NO_RECOVERIES: readonly RecoveryItem[] = [];

/** The command line before and after, with what recovery added or removed marked. */
function CommandChange({ item }: { item: RecoveryItem }) {
  const { before, after, addArgs, removeArgs } = item.action;
  if (!before || !after) return null;
  return (
    <div className="command-change">
      <code className="before" title="Before">
        {commandLine(before)}
      </code>
      <span aria-label="became"> → </span>
      <code className="after" title="After">
        {commandLine(after)}
      </code>
      {addArgs.length + removeArgs.length > 0 ? (
        <span className="arg-changes">
          {addArgs.length > 0 ? <ins>+ {commandLine(addArgs)}</ins> : null}
          {removeArgs.length > 0 ? <del>− {commandLine(removeArgs)}</del> : null}
        </span>
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
              <strong>{item.workerId ?? 'session'}</strong>: {action.reason}{' '}
              <span className="badge">
                {action.kind}
                {action.delayMs !== undefined ? ` ${Math.round(action.delayMs / 1000)} s` : ''} · attempt{' '}
                {action.attempt}
                {action.resume ? ' · resumes its conversation' : ''}
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
