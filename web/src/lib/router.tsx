import { useCallback, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A small history router: the URL is the state. Pages read their filters from the query string, so a
 * link can be shared and a reload keeps them.
 */
const NAVIGATE_EVENT = 'sightline:navigate';

function subscribe(notify: () => void): () => void {
  window.addEventListener('popstate', notify);
  window.addEventListener(NAVIGATE_EVENT, notify);
  return () => {
    window.removeEventListener('popstate', notify);
    window.removeEventListener(NAVIGATE_EVENT, notify);
  };
}

const currentHref = () => location.pathname + location.search;

/** The current path and query; re-renders on every navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, location.origin);
  return { path: url.pathname, search: url.searchParams };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentHref()) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

/** An in-app link: a real <a href> (open in new tab works), navigated without a reload. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}

/** The query string with some keys set (undefined or '' removes a key). */
export function withParams(search: URLSearchParams, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  const query = next.toString();
  return query ? `?${query}` : '';
}

/** Read and write query parameters of the current page; writes replace the history entry. */
export function useQueryParams(): [URLSearchParams, (changes: Record<string, string | undefined>) => void] {
  const { path, search } = useLocation();
  const set = useCallback(
    (changes: Record<string, string | undefined>) => navigate(path + withParams(new URLSearchParams(location.search), changes), { replace: true }),
    [path],
  );
  return [search, set];
}
