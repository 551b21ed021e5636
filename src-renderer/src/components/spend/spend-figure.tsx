import { useEffect, useId, useRef, useState } from 'react';
import { spendBreakdown, spendCost } from '../../../../src-shared/log/spend-text';
import { sessionSpend } from '../../../../src-shared/state/spend';
import { useApp } from '../../store/context';
import { SpendChart } from './spend-chart';
import { SpendTable } from './spend-table';
import './spend.css';

/**
 * The session's total spend in the header — workers, planner and reviews together — opening its breakdown
 * and cost-over-time chart on demand.
 */
export function SpendFigure() {
  const state = useApp((s) => s.view?.state ?? null);
  const series = useApp((s) => s.view?.spendSeries ?? null);
  const [open, setOpen] = useState(false);
  const panel = useId();
  const root = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);

  if (!state) return null;
  const spend = sessionSpend(state);
  return (
    <span className="spend-figure" ref={root}>
      <button
        type="button"
        className="spend-button"
        aria-expanded={open}
        aria-controls={panel}
        title={`Spend so far — ${spendBreakdown(spend)}`}
        onClick={() => setOpen((o) => !o)}
      >
        Spend {spendCost(spend.total)} ▾
      </button>
      {open ? (
        <div id={panel} className="spend-popover" role="dialog" aria-label="Spend of this session">
          <h2>Spend of this session</h2>
          <SpendTable spend={spend} />
          <SpendChart series={series ?? []} startedAt={state.startedAt} />
        </div>
      ) : null}
    </span>
  );
}
