/** A session's state as a colored dot and word. */
export function StatusBadge({ status }: { status: 'active' | 'idle' | 'ended' | string }) {
  const tone = status === 'active' ? 'ok' : status === 'idle' ? 'warn' : '';
  return (
    <span className={`badge ${tone}`}>
      <span className={`pulse ${status === 'active' ? 'live' : status}`} aria-hidden="true" />
      {status}
    </span>
  );
}
