import './new-task.css';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PlanPreview } from '../../../src-shared/ipc/contract';
import { BUILTIN_AGENTS, type TaskBreakdown } from '../../../src-shared/models';
import { useClient } from '../client/context';
import { ClientError, NOT_IN_THIS_CLIENT } from '../client/orchestrator-client';
import { shortcut } from '../commands/shortcut';
import { useApp } from '../store/context';
import { messageOf } from '../store/types';
import { DoctorLine, type DoctorState } from './agent-doctor';
import { PlanPreviewEditor } from './plan-preview';
import { useRecentRepos } from './use-recent-repos';

type Field = 'task' | 'repo' | 'agents' | 'plan' | 'form';
type Errors = Partial<Record<Field, string>>;

/** The core's refusal codes, mapped to the field the message belongs beside. */
const FIELD_OF_CODE: Record<string, Field> = {
  bad_task: 'task',
  bad_repo: 'repo',
  bad_agents: 'agents',
  bad_plan: 'plan',
};
const START = shortcut('Mod+Enter');
const CHOOSE = shortcut('Alt+O');
const PREVIEW = shortcut('Alt+P');

/** A previewed plan, as the person edits it, with what it was made for. */
interface Previewed {
  preview: PlanPreview;
  breakdown: TaskBreakdown;
  agents: readonly string[];
  /** Counts the previews, so a new one replaces every field's state. */
  round: number;
}

/** Why a previewed plan no longer fits the form; null when it does. */
function staleness(previewed: Previewed, task: string, chosen: readonly string[]): string | null {
  const sameAgents = previewed.agents.join(',') === chosen.join(',');
  if (previewed.breakdown.task === task.trim() && sameAgents) return null;
  return `This plan was made for ${sameAgents ? 'another task' : 'other agents'}: preview the plan again, or discard it to have the planner split the task at the start.`;
}

const emptyAssignments = (breakdown: TaskBreakdown): string[] =>
  breakdown.assignments
    .filter((a) => a.title.trim() === '' || a.instructions.trim() === '')
    .map((a) => a.agent);

function check(task: string, repo: string, chosen: readonly string[]): Errors {
  const errors: Errors = {};
  if (task.trim() === '') errors.task = 'Describe the task the agents should do.';
  if (repo.trim() === '') errors.repo = 'Choose the repository the agents work on.';
  // The service reads an empty list as "the configured agents", which is not what unticking all means.
  if (chosen.length === 0) errors.agents = 'Choose at least one agent.';
  return errors;
}

function useDoctor(): [DoctorState, () => void] {
  const client = useClient();
  const [state, setState] = useState<DoctorState>(() =>
    client.doctor ? { status: 'checking' } : { status: 'unavailable' },
  );
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!client.doctor) return;
    let current = true;
    client
      .doctor()
      .then((agents) => current && setState({ status: 'ready', agents }))
      .catch((error: unknown) => current && setState({ status: 'error', message: messageOf(error) }));
    return () => {
      current = false;
    };
  }, [client, round]);
  const again = useCallback(() => {
    setState({ status: 'checking' });
    setRound((n) => n + 1);
  }, []);
  return [state, again];
}

export function NewTask() {
  const client = useClient();
  const startSession = useApp((s) => s.startSession);
  const recentRepos = useRecentRepos();
  const [task, setTask] = useState('');
  const [repo, setRepo] = useState('');
  const [agents, setAgents] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(BUILTIN_AGENTS.map((a) => [a, true])),
  );
  const [demo, setDemo] = useState(true);
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [planning, setPlanning] = useState(false);
  const [previewed, setPreviewed] = useState<Previewed | null>(null);
  const [emptyAgents, setEmptyAgents] = useState<string[]>([]);
  const planHeading = useRef<HTMLHeadingElement>(null);
  const mounted = useRef(true);
  const [doctor, checkAgain] = useDoctor();
  const id = useId();
  const chosen = BUILTIN_AGENTS.filter((a) => agents[a]);
  const stale = previewed ? staleness(previewed, task, chosen) : null;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  // A new plan takes the focus, so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (previewed) planHeading.current?.focus();
  }, [previewed?.preview]); // eslint-disable-line react-hooks/exhaustive-deps -- only a new preview moves focus

  // After a first attempt, the messages follow the fields as the person fixes them.
  useEffect(() => {
    if (tried)
      setErrors((current) => ({
        ...check(task, repo, chosen),
        ...(current.form ? { form: current.form } : {}),
      }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- chosen is derived from agents
  }, [tried, task, repo, agents]);

  const choose = async (): Promise<void> => {
    try {
      const picked = await client.pickRepository();
      if (picked !== null) setRepo(picked);
    } catch (e) {
      setErrors((current) => ({ ...current, repo: messageOf(e) }));
    }
  };

  const refused = (e: unknown): void => {
    const field = e instanceof ClientError ? (FIELD_OF_CODE[e.code] ?? 'form') : 'form';
    setErrors({ [field]: messageOf(e) });
  };

  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (busy || cannotRun) return;
    setTried(true);
    const found = check(task, repo, chosen);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const breakdown = previewed?.breakdown;
    if (previewed && stale !== null) {
      setErrors({ plan: stale });
      return;
    }
    const empty = breakdown ? emptyAssignments(breakdown) : [];
    setEmptyAgents(empty);
    if (empty.length > 0) {
      setErrors({ plan: `Give ${empty.join(' and ')} a title and a subtask, or discard the plan.` });
      return;
    }
    setBusy(true);
    try {
      await startSession({ task, repo, agents: chosen, demo, ...(breakdown ? { breakdown } : {}) });
    } catch (e) {
      refused(e);
    } finally {
      if (mounted.current) setBusy(false);
    }
  };

  /** Asks the planner for the plan a start would make and shows it to edit; nothing starts. */
  const preview = async (): Promise<void> => {
    if (busy || planning || !client.planSession) return;
    setTried(true);
    const found = check(task, repo, chosen);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPlanning(true);
    try {
      const result = await client.planSession({ task, repo, agents: chosen, demo });
      if (!mounted.current) return;
      setEmptyAgents([]);
      setPreviewed((last) => ({
        preview: result,
        breakdown: result.breakdown,
        agents: chosen,
        round: (last?.round ?? 0) + 1,
      }));
    } catch (e) {
      if (mounted.current) refused(e);
    } finally {
      if (mounted.current) setPlanning(false);
    }
  };

  const discard = (): void => {
    setPreviewed(null);
    setEmptyAgents([]);
    setErrors((current) => {
      const { plan: _plan, ...rest } = current;
      return rest;
    });
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (START.test(event)) {
      event.preventDefault();
      void submit();
    } else if (PREVIEW.test(event)) {
      event.preventDefault();
      void preview();
    } else if (CHOOSE.test(event)) {
      event.preventDefault();
      void choose();
    }
  };

  const errorFor = (field: Field) =>
    errors[field] ? (
      <p className="field-error" role="alert" id={`${id}-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  const describedBy = (field: Field) => (errors[field] ? `${id}-${field}-error` : undefined);
  const doctorOf = (agent: string) =>
    doctor.status === 'ready' ? doctor.agents.find((d) => d.agent === agent) : undefined;
  const missing = demo ? [] : chosen.filter((a) => doctorOf(a)?.found === false);
  // Nothing would run: every chosen agent's CLI is known to be missing. Start says so instead of starting
  // a session that can only fail.
  const cannotRun =
    chosen.length > 0 && missing.length === chosen.length
      ? `None of the chosen agents can run here: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed. Install one, or use the demo agents.`
      : null;

  return (
    <form
      className="new-task"
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      aria-label="New task"
      noValidate
    >
      <h1>New task</h1>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-task`}>
          Task
        </label>
        {/* The form exists to take a task: typing can start at once, without a click first. */}
        <textarea
          id={`${id}-task`}
          name="task"
          rows={4}
          autoFocus
          value={task}
          onChange={(e) => setTask(e.target.value)}
          placeholder="What should the agents do? e.g. Add rate limiting to the API"
          aria-invalid={errors.task !== undefined}
          aria-describedby={describedBy('task')}
        />
        {errorFor('task')}
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-repo`}>
          Repository
        </label>
        <div className="repo-row">
          <input
            id={`${id}-repo`}
            name="repo"
            list={`${id}-recent-repos`}
            value={repo}
            onChange={(e) => setRepo(e.target.value)}
            placeholder="/path/to/your/repository"
            spellCheck={false}
            aria-invalid={errors.repo !== undefined}
            aria-describedby={describedBy('repo')}
          />
          <button
            type="button"
            onClick={() => void choose()}
            title={`Choose a folder (${CHOOSE.label})`}
            aria-keyshortcuts={CHOOSE.aria}
          >
            Choose…
          </button>
          {/* Where sessions ran before: what a browser, which has no folder dialog, can offer too. */}
          <datalist id={`${id}-recent-repos`}>
            {recentRepos.map((path) => (
              <option key={path} value={path} />
            ))}
          </datalist>
        </div>
        {errorFor('repo')}
      </div>
      <label className="demo-switch">
        <input type="checkbox" role="switch" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
        <span>
          <strong>Use demo agents</strong> — scripted stand-ins for claude, codex and gemini: no API keys, no
          network, nothing leaves this machine.{' '}
          <span className={demo ? 'tone-text-active' : 'tone-text-calm'}>
            {demo
              ? 'On: the real CLIs below are not used.'
              : 'Off: the real CLIs below run, with your accounts.'}
          </span>
        </span>
      </label>
      <fieldset className="field agents" aria-describedby={describedBy('agents')}>
        <legend className="field-label">
          Agents{' '}
          <button
            type="button"
            className="link-button"
            onClick={checkAgain}
            aria-disabled={doctor.status === 'checking' || doctor.status === 'unavailable'}
            title="Look for the CLIs again (after installing or logging in)"
          >
            {doctor.status === 'checking' ? 'checking…' : 'check again'}
          </button>
        </legend>
        {BUILTIN_AGENTS.map((agent) => (
          <div key={agent} className="agent-row" data-agent={agent}>
            <label className="agent-toggle">
              <input
                type="checkbox"
                checked={agents[agent] ?? false}
                onChange={(e) => setAgents((current) => ({ ...current, [agent]: e.target.checked }))}
              />
              {agent}
            </label>
            {doctor.status === 'checking' ? <span className="muted">checking…</span> : null}
            <DoctorLine doctor={doctorOf(agent)} demo={demo} />
          </div>
        ))}
        {doctor.status === 'error' ? (
          <p className="field-error">Could not check the CLIs: {doctor.message}</p>
        ) : null}
        {missing.length > 0 ? (
          <p className="warning" role="status">
            {missing.join(', ')} {missing.length === 1 ? 'is' : 'are'} not installed:{' '}
            {missing.length === 1 ? 'its worker' : 'their workers'} will stop at “setup required”. Install{' '}
            {missing.length === 1 ? 'it' : 'them'}, untick {missing.length === 1 ? 'it' : 'them'}, or use the
            demo agents.
          </p>
        ) : null}
        {errorFor('agents')}
      </fieldset>
      {previewed ? (
        <PlanPreviewEditor
          key={previewed.round}
          preview={previewed.preview}
          breakdown={previewed.breakdown}
          onChange={(breakdown) => setPreviewed({ ...previewed, breakdown })}
          onDiscard={discard}
          stale={stale}
          emptyAgents={emptyAgents}
          errorId={describedBy('plan')}
          headingRef={planHeading}
        />
      ) : null}
      {errorFor('plan')}
      {errorFor('form')}
      {planning ? (
        <p className="hint" role="status">
          Planning: the planner agent is splitting the task{demo ? ' (demo)' : ''}; nothing starts yet.
        </p>
      ) : null}
      {cannotRun ? (
        <p className="field-error" id={`${id}-start-reason`} role="status">
          {cannotRun}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          aria-disabled={busy || cannotRun !== null}
          aria-describedby={cannotRun ? `${id}-start-reason` : undefined}
          title={
            cannotRun
              ? `Start — ${cannotRun}`
              : previewed
                ? `Start the agents with this plan (${START.label})`
                : `Start the agents; the planner splits the task first (${START.label})`
          }
          aria-keyshortcuts={START.aria}
        >
          {busy ? 'Starting…' : 'Start'}
        </button>
        <button
          type="button"
          onClick={() => void preview()}
          aria-disabled={busy || planning || !client.planSession}
          title={
            client.planSession
              ? `See and edit the plan before starting (${PREVIEW.label})`
              : `Preview plan: ${NOT_IN_THIS_CLIENT}`
          }
          aria-keyshortcuts={PREVIEW.aria}
        >
          {planning ? 'Planning…' : previewed ? 'Plan again' : 'Preview plan'}
        </button>
      </div>
    </form>
  );
}
