import { useEffect, useState } from 'react';
import { AccountMenu } from './components/AccountMenu';
import { Skeleton } from './components/Panel';
import { DemoBanner } from './components/DemoBanner';
import { RoutePage } from './components/RoutePage';
import { RefreshControl } from './components/RefreshControl';
import { ThemeToggle } from './components/ThemeToggle';
import { TimeRangePicker } from './components/TimeRangePicker';
import { AuthProvider, useAuth, type Auth } from './lib/auth';
import { RefreshProvider } from './lib/refresh';
import { Link, navigate, useLocation, withParams } from './lib/router';
import { ROUTES, matchRoute, type PageRoute } from './routes';

/** Query keys carried from page to page by the navigation, so the time range survives moving around. */
const SHARED_KEYS = ['range', 'from', 'to', 'refresh'];

export function App() {
  return (
    <AuthProvider>
      <RefreshProvider>
        <Routed />
      </RefreshProvider>
    </AuthProvider>
  );
}

/**
 * Which page, with or without the shell: public share pages always bare; in team mode a signed-out
 * visitor gets setup (no user yet), register or login; signed in (or local mode) the dashboard.
 */
function Routed() {
  const auth = useAuth();
  const { path } = useLocation();
  const match = matchRoute(path);
  const signedOut = auth.status === 'ready' && auth.mode === 'team' && !auth.me && match?.route.bare !== 'public';
  const route = signedOut ? signedOutRoute(auth, path) : match?.route;
  useEffect(() => {
    document.title = route ? `${route.title} · Sightline` : 'Not found · Sightline';
  }, [route]);
  // fetch the page's code while the sign-in state is still being asked for
  useEffect(() => route && prefetch(route), [route]);

  if (match?.route.bare === 'public') return <BarePage route={match.route} params={match.params} />;
  if (auth.status === 'loading') return <div className="auth-loading" aria-busy="true" />;
  if (signedOut) return <BarePage route={route!} params={{}} />;
  if (match?.route.bare === 'auth') return <GoOn />;
  return <Shell />;
}

function prefetch(route: PageRoute): void {
  route.page.load().catch(() => undefined); // a failure shows when the page is opened
}

function signedOutRoute(auth: Auth, path: string): PageRoute {
  const wanted = auth.needsSetup ? '/setup' : path === '/register' ? '/register' : '/login';
  return ROUTES.find((r) => r.path === wanted)!;
}

function BarePage({ route, params }: { route: PageRoute; params: Record<string, string> }) {
  return <RoutePage page={route.page} params={params} fallback={<div className="auth-loading" aria-busy="true" />} />;
}

/** A sign-in page while signed in (or in local mode): go where `?next=` says, or home. */
function GoOn() {
  const { search } = useLocation();
  const next = search.get('next');
  // only paths of this site: `//evil.example` would leave it
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  useEffect(() => navigate(target, { replace: true }), [target]);
  return null;
}

function Shell() {
  const { path, search } = useLocation();
  const auth = useAuth();
  const match = matchRoute(path);
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  const shared = new URLSearchParams([...search].filter(([key]) => SHARED_KEYS.includes(key)));
  return (
    <>
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
                <Link
                  key={route.path}
                  href={route.path + withParams(shared, {})}
                  aria-current={current ? 'page' : undefined}
                  // the page's code starts loading when the pointer or focus arrives, before the click
                  onPointerEnter={() => prefetch(route)}
                  onFocus={() => prefetch(route)}
                >
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
            {match && !match.route.live && match.route.path !== '/settings' && <RefreshControl />}
            <ThemeToggle />
            {auth.mode === 'team' && auth.me && <AccountMenu me={auth.me} onSignOut={auth.signOut} />}
          </header>
          <main id="main" className="content" tabIndex={-1}>
            <DemoBanner />
            {match ? (
              <RoutePage key={match.route.path} page={match.route.page} params={match.params} fallback={<Skeleton height={120} count={3} />} />
            ) : (
              <div className="notice">
                No page at <code>{path}</code>. <Link href="/">Go to the overview</Link>.
              </div>
            )}
          </main>
        </div>
      </div>
    </>
  );
}
