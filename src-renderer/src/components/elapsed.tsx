import { formatElapsed } from '../format';
import { useNow } from '../hooks/use-now';

/** Time since `startedAt`, ticking once a second until `endedAt` is set. */
export function Elapsed({
  startedAt,
  endedAt,
  suffix = '',
}: {
  startedAt: string | null;
  endedAt: string | null;
  suffix?: string;
}) {
  const now = useNow(startedAt !== null && endedAt === null);
  if (startedAt === null) return <span className="elapsed">—</span>;
  const end = endedAt === null ? now : Date.parse(endedAt);
  return (
    <span className="elapsed" title={`Since ${new Date(startedAt).toLocaleTimeString()}`}>
      {formatElapsed(end - Date.parse(startedAt))}
      {suffix}
    </span>
  );
}
