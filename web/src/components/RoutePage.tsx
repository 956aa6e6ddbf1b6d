import { useEffect, useState, type ReactNode } from 'react';
import type { LazyPage, PageProps } from '../routes';
import { ErrorNotice } from './Panel';

/**
 * A route's page: `fallback` until its chunk is loaded, then the page. No Suspense on purpose (see
 * lazyPage): the page appears the moment its code is here.
 */
export function RoutePage({ page, params, fallback }: { page: LazyPage; params: PageProps['params']; fallback: ReactNode }) {
  const [, setLoadedCount] = useState(0);
  const [error, setError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);
  // what this render shows: the chunk may arrive between the render and the effect, so the effect
  // goes by this, not by page.loaded, or the fallback would stay
  const Page = page.loaded;
  useEffect(() => {
    if (Page) return;
    let current = true;
    setError(null);
    page.load().then(
      () => current && setLoadedCount((n) => n + 1),
      (failure: Error) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [page, Page, attempt]);
  if (error) return <ErrorNotice error={new Error(`The page's code did not arrive (${error.message}).`)} onRetry={() => setAttempt((n) => n + 1)} />;
  return Page ? <Page params={params} /> : <>{fallback}</>;
}
