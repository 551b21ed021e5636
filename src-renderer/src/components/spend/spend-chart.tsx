import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SpendPoint } from '../../store/projections/spend-series';
import { formatCost } from '../../format';

const HEIGHT = 140;

/** A colour the theme gives an element, resolved (canvas cannot read CSS variables or light-dark()). */
const colourOf = (el: Element | null, fallback: string): string =>
  (el && getComputedStyle(el).color) || fallback;

/** Columns for uPlot: seconds since the session started, dollars (null gaps), tokens. */
function columns(series: readonly SpendPoint[], startedAt: number): uPlot.AlignedData {
  return [
    series.map((p) => (p.at - startedAt) / 1000),
    series.map((p) => p.costUsd),
    series.map((p) => p.tokens),
  ];
}

/** Axes in the theme's colours: dollars on the left, tokens on the right, seconds since the start below. */
function chartOptions(el: HTMLElement, swatches: HTMLElement | null): uPlot.Options {
  const [costSwatch, tokenSwatch] = swatches?.children ?? [];
  const axis = colourOf(el, '#888');
  const grid = getComputedStyle(el).borderTopColor || '#ddd';
  const cost = colourOf(costSwatch ?? null, '#2f5fb3');
  const tokens = colourOf(tokenSwatch ?? null, '#888');
  const options: uPlot.Options = {
    width: Math.max(240, Math.min(el.clientWidth || 360, 560)),
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false }, usd: { range: (_u, _min, max) => [0, Math.max(max ?? 0, 0.01)] }, tok: {} },
    axes: [
      { stroke: axis, values: (_u, ticks) => ticks.map((t) => `${Math.round(t)} s`), grid: { stroke: grid } },
      { scale: 'usd', stroke: axis, values: (_u, ticks) => ticks.map((t) => formatCost(t)), size: 56 },
      {
        scale: 'tok',
        side: 1,
        stroke: axis,
        grid: { show: false },
        values: (_u, ticks) => ticks.map((t) => (t >= 1000 ? `${Math.round(t / 1000)}k` : String(t))),
      },
    ],
    series: [
      {},
      { label: 'cost', scale: 'usd', stroke: cost, width: 2, spanGaps: false },
      { label: 'tokens', scale: 'tok', stroke: tokens, width: 1, dash: [4, 3] },
    ],
  };
  return options;
}

/**
 * The session's cumulative spend over time: dollars reported (left axis) and tokens (right axis, so a
 * session whose CLIs report no price still shows its curve). Drawn by uPlot on a canvas.
 */
export function SpendChart({ series, startedAt }: { series: readonly SpendPoint[]; startedAt: string }) {
  const box = useRef<HTMLDivElement>(null);
  const swatches = useRef<HTMLSpanElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [ready, setReady] = useState(false);
  const start = Date.parse(startedAt);

  useEffect(() => {
    const el = box.current;
    // uPlot measures the screen with matchMedia as it loads: a page without it (a DOM emulation in unit
    // tests) gets the chart's words and no canvas.
    if (!el || typeof window.matchMedia !== 'function') return;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      plot.current = new UPlot(chartOptions(el, swatches.current), [[], [], []], el);
      setReady(true);
    });
    return () => {
      cancelled = true;
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    if (ready) plot.current?.setData(columns(series, start));
  }, [ready, series, start]);

  const last = series.at(-1);
  return (
    <figure className="spend-chart">
      <div ref={box} className="spend-chart-canvas" role="img" aria-label={describe(series, last)} />
      <figcaption>
        <span ref={swatches} className="spend-legend">
          <span className="spend-swatch-cost">━ cost</span>{' '}
          <span className="spend-swatch-tokens">┅ tokens</span>
        </span>{' '}
        over time
      </figcaption>
    </figure>
  );
}

const describe = (series: readonly SpendPoint[], last: SpendPoint | undefined): string =>
  last
    ? `Spend over time: ${series.length} reports, now ${formatCost(last.costUsd)} and ${last.tokens} tokens`
    : 'Spend over time: nothing reported yet';
