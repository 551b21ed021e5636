import { memo, useRef, useState } from 'react';
import { Panel, PanelGroup, PanelResizeHandle, type ImperativePanelHandle } from 'react-resizable-panels';
import type { WorkerState } from '../../../src-shared/models';
import { useApp } from '../store/context';
import { LogDock } from './dock/log-dock';
import { RecoveryLog } from './oversight/recovery-log';
import { ReviewsPanel } from './oversight/reviews-panel';
import { SessionSummary } from './session-summary';
import { Timeline } from './timeline';
import { WorkerPane } from './worker-pane';
import './workers-view.css';

// These take no props and select what they show themselves, so they redraw only when that changes.
const Summary = memo(SessionSummary);
const Reviews = memo(ReviewsPanel);
const Recoveries = memo(RecoveryLog);
const TimelinePanel = memo(Timeline);
const Dock = memo(LogDock);

/** A handle between two panels, reachable by keyboard (arrow keys resize), named for screen readers. */
function Handle({ direction, label }: { direction: 'horizontal' | 'vertical'; label: string }) {
  return <PanelResizeHandle className={`resize-handle resize-${direction}`} aria-label={label} />;
}

/** The panes side by side, sharing the width, each resizable against its neighbour. */
function Panes({ workers }: { workers: readonly WorkerState[] }) {
  const focus = useApp((s) => s.focusMode);
  const alone = focus ? workers.find((w) => w.workerId === focus) : undefined;
  if (alone) {
    const index = workers.indexOf(alone);
    return (
      <PanelGroup direction="horizontal" className="pane-row" id="focus-row">
        <Panel id="focus-pane" order={1} defaultSize={38} minSize={20}>
          <WorkerPane worker={alone} index={index} />
        </Panel>
        <Handle direction="horizontal" label={`Resize ${alone.agent} and its log`} />
        <Panel id="focus-log" order={2} defaultSize={62} minSize={25} className="focus-log">
          <Dock />
        </Panel>
      </PanelGroup>
    );
  }
  const share = 100 / Math.max(1, workers.length);
  return (
    <PanelGroup direction="horizontal" className="pane-row worker-panes" id={`panes-${workers.length}`}>
      {workers.map((worker, index) => (
        <PaneSlot
          key={worker.workerId}
          worker={worker}
          index={index}
          share={share}
          last={index === workers.length - 1}
        />
      ))}
    </PanelGroup>
  );
}

function PaneSlot({
  worker,
  index,
  share,
  last,
}: {
  worker: WorkerState;
  index: number;
  share: number;
  last: boolean;
}) {
  return (
    <>
      <Panel id={`pane-${worker.workerId}`} order={index + 1} defaultSize={share} minSize={12}>
        <WorkerPane worker={worker} index={index} />
      </Panel>
      {last ? null : <Handle direction="horizontal" label={`Resize ${worker.agent}'s pane`} />}
    </>
  );
}

/**
 * The workers at work: their panes fill the screen's width and the height left, and below them one region
 * for reviews, recoveries, the timeline and the logs, which can be resized or folded away. In focus mode one
 * worker's pane stands with its log beside it.
 */
export function WorkersView({ workers }: { workers: readonly WorkerState[] }) {
  const details = useRef<ImperativePanelHandle>(null);
  const [folded, setFolded] = useState(false);
  const focus = useApp((s) => s.focusMode);
  const setFocusMode = useApp((s) => s.setFocusMode);
  const toggle = () => (folded ? details.current?.expand() : details.current?.collapse());
  return (
    <>
      <Summary />
      <div className="workers-toolbar">
        {focus ? (
          <button type="button" onClick={() => setFocusMode(null)}>
            Show every worker
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" aria-expanded={!folded} aria-controls="session-details" onClick={toggle}>
          {folded ? 'Show reviews, timeline & logs' : 'Hide reviews, timeline & logs'}
        </button>
      </div>
      <PanelGroup direction="vertical" className="workers-layout" id="workers-layout">
        <Panel id="panes" order={1} defaultSize={58} minSize={25}>
          <Panes workers={workers} />
        </Panel>
        <Handle direction="vertical" label="Resize the panes and the details below" />
        <Panel
          id="details"
          order={2}
          ref={details}
          defaultSize={42}
          minSize={15}
          collapsible
          onCollapse={() => setFolded(true)}
          onExpand={() => setFolded(false)}
        >
          {/* Folded, nothing of it is drawn: it takes no time on every frame of a busy session. */}
          {folded ? null : (
            <div
              id="session-details"
              className="session-details"
              aria-label="Session details"
              role="region"
              tabIndex={-1}
            >
              <div className="oversight">
                <div className="oversight-column">
                  <Reviews />
                  <Recoveries />
                </div>
                <TimelinePanel />
              </div>
              {focus ? null : <Dock />}
            </div>
          )}
        </Panel>
      </PanelGroup>
    </>
  );
}
