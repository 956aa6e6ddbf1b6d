import type { ReactNode } from 'react';
import type { ApiFailure } from '../lib/api';

interface PanelProps {
  title: ReactNode;
  actions?: ReactNode;
  note?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}

/** A titled card. */
export function Panel({ title, actions, note, children, className, id }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id ? `${id}-title` : undefined}>
      <div className="panel-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {actions}
      </div>
      {note && <div className="panel-note" style={{ padding: '2px 14px 0' }}>{note}</div>}
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** Placeholder blocks while data loads. */
export function Skeleton({ height = 16, width = '100%', count = 1 }: { height?: number; width?: number | string; count?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="skeleton" style={{ height, width }} />
      ))}
    </div>
  );
}

/** An error shown in place of the content that failed, with a retry. */
export function ErrorNotice({ error, onRetry }: { error: ApiFailure | Error; onRetry?: () => void }) {
  const field = 'field' in error && error.field ? ` (parameter “${error.field}”)` : '';
  return (
    <div className="notice error" role="alert">
      <strong>Could not load this.</strong> {error.message}
      {field}
      {onRetry && (
        <>
          {' '}
          <button className="btn" onClick={onRetry} type="button">
            Retry
          </button>
        </>
      )}
    </div>
  );
}

/** What to show when there is nothing yet: a title, a sentence, and optionally the exact lines to run. */
export function EmptyState({ title, children, code }: { title: string; children?: ReactNode; code?: string }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children && <div>{children}</div>}
      {code && <pre>{code}</pre>}
    </div>
  );
}

/** Loading → skeleton, error → notice, otherwise the content. */
export function Loadable<T>({ state, children, skeleton }: { state: { data?: T; error?: ApiFailure; loading: boolean; reload: () => void }; children: (data: T) => ReactNode; skeleton?: ReactNode }) {
  if (state.error && state.data === undefined) return <ErrorNotice error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <>{skeleton ?? <Skeleton count={4} />}</>;
  return <>{children(state.data)}</>;
}
