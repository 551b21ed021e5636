import type { AgentDoctor } from '../../../src-shared/ipc/contract';

export type DoctorState =
  | { status: 'checking' }
  | { status: 'ready'; agents: AgentDoctor[] }
  | { status: 'error'; message: string }
  | { status: 'unavailable' };

const AUTH = {
  api_key_in_env: 'key in the environment',
  credentials_file: 'logged in',
  unknown: 'login not found',
} as const;

/** One agent's doctor line: found or not, which version, and what to do next — in words, with a symbol. */
export function DoctorLine({ doctor, demo }: { doctor: AgentDoctor | undefined; demo: boolean }) {
  if (!doctor) return null;
  const tone = !doctor.found ? (demo ? 'calm' : 'bad') : doctor.next ? 'attention' : 'done';
  const symbol = !doctor.found ? '✕' : doctor.next ? '!' : '✓';
  const summary = doctor.found
    ? `found${doctor.version ? ` ${doctor.version}` : ''} · ${AUTH[doctor.auth]}`
    : 'not installed';
  return (
    <span className={`doctor-line tone-text-${tone}`} title={doctor.path ?? doctor.command}>
      <span aria-hidden="true">{symbol}</span> {summary}
      {doctor.next ? <span className="doctor-next"> — {doctor.next}</span> : null}
    </span>
  );
}
