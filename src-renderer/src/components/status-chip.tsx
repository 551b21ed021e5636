import type { StatusLook } from '../status';

export function StatusChip({ look, title }: { look: StatusLook; title?: string | undefined }) {
  return (
    <span className={`status-chip tone-${look.tone}`} title={title} data-status={look.label}>
      <span className="status-symbol" aria-hidden="true">
        {look.symbol}
      </span>
      {look.label}
    </span>
  );
}
