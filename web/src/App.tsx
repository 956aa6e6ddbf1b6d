import { Suspense, useEffect, useState } from 'react';
import { Skeleton } from './components/Panel';
import { DemoBanner } from './components/DemoBanner';
import { RefreshControl } from './components/RefreshControl';
import { ThemeToggle } from './components/ThemeToggle';
import { TimeRangePicker } from './components/TimeRangePicker';
import { RefreshProvider } from './lib/refresh';
import { Link, useLocation, withParams } from './lib/router';
import { ROUTES, matchRoute } from './routes';

/** Query keys carried from page to page by the navigation, so the time range survives moving around. */
const SHARED_KEYS = ['range', 'from', 'to', 'refresh'];

export function App() {
  const { path, search } = useLocation();
  const match = matchRoute(path);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    document.title = match ? `${match.route.title} · Sightline` : 'Not found · Sightline';
  }, [match]);
  const shared = new URLSearchParams([...search].filter(([key]) => SHARED_KEYS.includes(key)));
  const Page = match?.route.page;
  return (
    <RefreshProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <aside className={`sidebar ${menuOpen ? 'open' : ''}`} aria-label="Main navigation">
          <div className="sidebar-inner">
          <Link className="brand" href={'/' + withParams(shared, {})}>
            <span className="brand-dot" aria-hidden="true" /> Sightline
          </Link>
          <nav className="nav">
            {ROUTES.filter((route) => route.nav).map((route) => {
              const current = route.path === '/' ? path === '/' : path === route.path || path.startsWith(route.path + '/');
              return (
                <Link key={route.path} href={route.path + withParams(shared, {})} aria-current={current ? 'page' : undefined}>
                  <span aria-hidden="true" style={{ width: 16, textAlign: 'center' }}>
                    {route.nav!.icon}
                  </span>
                  {route.nav!.label}
                </Link>
              );
            })}
          </nav>
          </div>
        </aside>
        <div className="main">
          <header className="topbar">
            <button className="btn menu-button" type="button" aria-label="Open navigation" aria-expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
              ☰
            </button>
            <h1>{match?.route.title ?? 'Not found'}</h1>
            {match?.route.timeRange && <TimeRangePicker />}
            {match && !match.route.live && <RefreshControl />}
            <ThemeToggle />
          </header>
          <main id="main" className="content" tabIndex={-1}>
            <DemoBanner />
            {Page ? (
              <Suspense fallback={<Skeleton height={120} count={3} />}>
                <Page params={match!.params} />
              </Suspense>
            ) : (
              <div className="notice">
                No page at <code>{path}</code>. <Link href="/">Go to the overview</Link>.
              </div>
            )}
          </main>
        </div>
      </div>
    </RefreshProvider>
  );
}
