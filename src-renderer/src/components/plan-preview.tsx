import { useId, useState, type Ref } from 'react';
import type { PlanPreview } from '../../../src-shared/ipc/contract';
import type { TaskAssignment, TaskBreakdown } from '../../../src-shared/models';

export interface PlanPreviewProps {
  preview: PlanPreview;
  /** The plan as edited so far; the start takes it as its breakdown. */
  breakdown: TaskBreakdown;
  onChange: (breakdown: TaskBreakdown) => void;
  onDiscard: () => void;
  /** Why this plan cannot be started as it is (made for another task or other agents); null when it can. */
  stale: string | null;
  /** The agents whose assignment is empty, after a start was refused for it. */
  emptyAgents: readonly string[];
  /** Id of the message that describes a refusal of the plan, when there is one. */
  errorId?: string | undefined;
  /** The heading, focused when a new plan arrives. */
  headingRef?: Ref<HTMLHeadingElement>;
}

/** How the plan came about, in a sentence. */
function sourceLine(preview: PlanPreview): string {
  if (preview.breakdown.source === 'agent') return `Planned by ${preview.planner ?? 'the planner agent'}.`;
  if (preview.fallback !== null)
    return 'The built-in template split, because the planner gave no usable plan:';
  return 'The built-in template split.';
}

/**
 * The proposed plan as fields the person edits before the start: per agent its title, its subtask and its
 * scope. Each field is labelled with the agent's name, so it is findable out of context too.
 */
export function PlanPreviewEditor({
  preview,
  breakdown,
  onChange,
  onDiscard,
  stale,
  emptyAgents,
  errorId,
  headingRef,
}: PlanPreviewProps) {
  const id = useId();
  const update = (index: number, change: Partial<TaskAssignment>): void =>
    onChange({
      ...breakdown,
      assignments: breakdown.assignments.map((a, i) => (i === index ? { ...a, ...change } : a)),
    });
  return (
    <section className="plan-preview" aria-labelledby={`${id}-heading`} aria-describedby={errorId}>
      <div className="plan-preview-head">
        <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
          Plan
        </h2>
        <span className="badge" title="Where this plan comes from">
          {breakdown.source === 'agent' ? 'planner agent' : 'template'}
        </span>
        <span className="spacer" />
        <button
          type="button"
          className="link-button"
          onClick={onDiscard}
          title="Drop this plan: the start plans again"
        >
          Discard plan
        </button>
      </div>
      <p className="hint">
        {sourceLine(preview)} Edit any field; Start gives each agent its subtask as written here.
      </p>
      {preview.fallback !== null ? <p className="warning">{preview.fallback}</p> : null}
      {stale !== null ? (
        <p className="warning" role="status">
          {stale}
        </p>
      ) : null}
      {breakdown.assignments.map((assignment, index) => (
        <AssignmentFields
          key={assignment.agent}
          assignment={assignment}
          empty={emptyAgents.includes(assignment.agent)}
          onChange={(change) => update(index, change)}
        />
      ))}
    </section>
  );
}

function AssignmentFields({
  assignment,
  empty,
  onChange,
}: {
  assignment: TaskAssignment;
  empty: boolean;
  onChange: (change: Partial<TaskAssignment>) => void;
}) {
  const id = useId();
  const legend = `${id}-agent`;
  // The scope as typed (paths separated by commas), so a trailing comma is not eaten while typing.
  const [scope, setScope] = useState(() => assignment.scope.join(', '));
  const field = (name: string) => ({
    id: `${id}-${name}`,
    'aria-labelledby': `${legend} ${id}-${name}-label`,
  });
  return (
    <fieldset className="plan-assignment" data-agent={assignment.agent}>
      <legend id={legend}>{assignment.agent}</legend>
      <label id={`${id}-title-label`} htmlFor={`${id}-title`} className="field-label">
        title
      </label>
      <input
        {...field('title')}
        value={assignment.title}
        onChange={(e) => onChange({ title: e.target.value })}
        aria-invalid={empty && assignment.title.trim() === ''}
      />
      <label id={`${id}-instructions-label`} htmlFor={`${id}-instructions`} className="field-label">
        subtask
      </label>
      <textarea
        {...field('instructions')}
        rows={4}
        value={assignment.instructions}
        onChange={(e) => onChange({ instructions: e.target.value })}
        aria-invalid={empty && assignment.instructions.trim() === ''}
      />
      <label id={`${id}-scope-label`} htmlFor={`${id}-scope`} className="field-label">
        scope
      </label>
      <input
        {...field('scope')}
        value={scope}
        spellCheck={false}
        placeholder="paths it works on, comma-separated (optional)"
        onChange={(e) => {
          setScope(e.target.value);
          onChange({
            scope: e.target.value
              .split(',')
              .map((p) => p.trim())
              .filter((p) => p !== ''),
          });
        }}
      />
    </fieldset>
  );
}
