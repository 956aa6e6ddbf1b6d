import type { CursorList } from '../lib/use-cursor-list';

/** Previous / Next for a cursor list, with the page number. */
export function Pager({ list, label }: { list: CursorList<unknown>; label: string }) {
  if (!list.hasPrevious && !list.hasNext) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <span>Page {list.page}</span>
      <button className="btn" type="button" onClick={list.previous} disabled={!list.hasPrevious || list.fetching}>
        ← Previous
      </button>
      <button className="btn" type="button" onClick={list.next} disabled={!list.hasNext || list.fetching}>
        Next →
      </button>
    </nav>
  );
}
