import { useId, useState, type FormEvent } from 'react';
import { BUILTIN_AGENTS } from '../../../src-shared/models';
import { ClientError, type OrchestratorClient } from '../client/orchestrator-client';
import { useApp } from '../store/context';

type Field = 'task' | 'repo' | 'agents' | 'form';

/** The core's refusal codes, mapped to the field the message belongs beside. */
const FIELD_OF_CODE: Record<string, Field> = { bad_task: 'task', bad_repo: 'repo', bad_agents: 'agents' };

export function NewTask({ client }: { client: OrchestratorClient }) {
  const startSession = useApp((s) => s.startSession);
  const [task, setTask] = useState('');
  const [repo, setRepo] = useState('');
  const [agents, setAgents] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(BUILTIN_AGENTS.map((a) => [a, true])),
  );
  const [demo, setDemo] = useState(true);
  const [error, setError] = useState<{ field: Field; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const choose = async (): Promise<void> => {
    try {
      const picked = await client.pickRepository();
      if (picked !== null) setRepo(picked);
    } catch (e) {
      setError({ field: 'repo', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const chosen = BUILTIN_AGENTS.filter((a) => agents[a]);
    // The service reads an empty list as "the configured agents", which is not what unticking all means.
    if (chosen.length === 0) {
      setError({ field: 'agents', message: 'Choose at least one agent.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await startSession({ task, repo, agents: chosen, demo });
    } catch (e) {
      const field = e instanceof ClientError ? (FIELD_OF_CODE[e.code] ?? 'form') : 'form';
      setError({ field, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (field: Field) =>
    error?.field === field ? (
      <p className="field-error" role="alert" id={`${id}-${field}-error`}>
        {error.message}
      </p>
    ) : null;
  const describedBy = (field: Field) => (error?.field === field ? `${id}-${field}-error` : undefined);

  return (
    <form className="new-task" onSubmit={(e) => void submit(e)} aria-label="New task">
      <h1>New task</h1>
      <label className="field">
        <span className="field-label">Task</span>
        <textarea
          name="task"
          rows={4}
          value={task}
          onChange={(e) => setTask(e.target.value)}
          placeholder="What should the agents do? e.g. Add rate limiting to the API"
          aria-invalid={error?.field === 'task'}
          aria-describedby={describedBy('task')}
        />
        {errorFor('task')}
      </label>
      <div className="field">
        <label className="field-label" htmlFor={`${id}-repo`}>
          Repository
        </label>
        <div className="repo-row">
          <input
            id={`${id}-repo`}
            name="repo"
            value={repo}
            onChange={(e) => setRepo(e.target.value)}
            placeholder="/path/to/your/repository"
            spellCheck={false}
            aria-invalid={error?.field === 'repo'}
            aria-describedby={describedBy('repo')}
          />
          <button type="button" onClick={() => void choose()}>
            Choose…
          </button>
        </div>
        {errorFor('repo')}
      </div>
      <fieldset className="field agents">
        <legend className="field-label">Agents</legend>
        {BUILTIN_AGENTS.map((agent) => (
          <label key={agent} className="agent-toggle">
            <input
              type="checkbox"
              checked={agents[agent] ?? false}
              onChange={(e) => setAgents((current) => ({ ...current, [agent]: e.target.checked }))}
            />
            {agent}
          </label>
        ))}
        {errorFor('agents')}
      </fieldset>
      <label className="demo-switch">
        <input type="checkbox" role="switch" checked={demo} onChange={(e) => setDemo(e.target.checked)} />
        <span>
          <strong>Use demo agents</strong> — scripted stand-ins for claude, codex and gemini: no API keys, no
          network, nothing leaves this machine
        </span>
      </label>
      {errorFor('form')}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Starting…' : 'Start'}
        </button>
      </div>
    </form>
  );
}
