import type { ComponentType } from 'react';

export interface PageProps {
  /** path parameters, e.g. the session id of /sessions/:id */
  params: Record<string, string>;
}

export interface PageRoute {
  path: string;
  title: string;
  /** shown in the side navigation */
  nav?: { label: string; icon: string };
  /** the page has a time range (picker in the top bar) */
  timeRange: boolean;
  /** the page is pushed live over the WebSocket: no auto-refresh control */
  live?: boolean;
  /** shown without the shell: 'auth' = team-mode sign-in pages (signed out only), 'public' = anyone, no navigation */
  bare?: 'auth' | 'public';
  page: LazyPage;
}

/** A page in its own chunk: `loaded` once `load()` has fetched it (then it renders with no wait). */
export interface LazyPage {
  load: () => Promise<ComponentType<PageProps>>;
  loaded: ComponentType<PageProps> | null;
}

/**
 * Not React.lazy: a Suspense fallback, once shown, is held for 300 ms by React, which cost every
 * cold page load about a quarter of a second. The chunk is fetched as soon as the route is known.
 */
function lazyPage(importer: () => Promise<{ default: ComponentType<PageProps> }>): LazyPage {
  let pending: Promise<ComponentType<PageProps>> | null = null;
  const page: LazyPage = {
    loaded: null,
    load: () =>
      (pending ??= importer().then(
        (module) => (page.loaded = module.default),
        (error: unknown) => {
          pending = null; // a later visit tries again
          throw error;
        },
      )),
  };
  return page;
}

// Each page is its own chunk: the first page loads only what it needs.
export const ROUTES: PageRoute[] = [
  { path: '/', title: 'Overview', nav: { label: 'Overview', icon: '◎' }, timeRange: true, page: lazyPage(() => import('./pages/overview/OverviewPage')) },
  { path: '/live', title: 'Live', nav: { label: 'Live', icon: '●' }, timeRange: false, live: true, page: lazyPage(() => import('./pages/live/LivePage')) },
  { path: '/sessions', title: 'Sessions', nav: { label: 'Sessions', icon: '☰' }, timeRange: true, page: lazyPage(() => import('./pages/sessions/SessionsPage')) },
  { path: '/sessions/:id', title: 'Session', timeRange: false, page: lazyPage(() => import('./pages/session/SessionPage')) },
  { path: '/tokens', title: 'Tokens & cost', nav: { label: 'Tokens & cost', icon: '$' }, timeRange: true, page: lazyPage(() => import('./pages/tokens/TokensPage')) },
  { path: '/tools', title: 'Tools', nav: { label: 'Tools', icon: '⚒' }, timeRange: true, page: lazyPage(() => import('./pages/tools/ToolsPage')) },
  { path: '/errors', title: 'Errors', nav: { label: 'Errors', icon: '⚠' }, timeRange: true, page: lazyPage(() => import('./pages/errors/ErrorsPage')) },
  { path: '/performance', title: 'Performance', nav: { label: 'Performance', icon: '◷' }, timeRange: true, page: lazyPage(() => import('./pages/performance/PerformancePage')) },
  { path: '/logs', title: 'Logs', nav: { label: 'Logs', icon: '≡' }, timeRange: true, page: lazyPage(() => import('./pages/logs/LogsPage')) },
  { path: '/system', title: 'System health', nav: { label: 'System', icon: '⚙' }, timeRange: false, page: lazyPage(() => import('./pages/system/SystemPage')) },
  { path: '/insights', title: 'Insights', nav: { label: 'Insights', icon: '✦' }, timeRange: false, page: lazyPage(() => import('./pages/insights/InsightsPage')) },
  { path: '/team', title: 'Team', nav: { label: 'Team', icon: '♟' }, timeRange: true, page: lazyPage(() => import('./pages/team-analytics/TeamAnalyticsPage')) },
  { path: '/audit', title: 'Audit log', nav: { label: 'Audit log', icon: '§' }, timeRange: true, page: lazyPage(() => import('./pages/audit/AuditPage')) },
  { path: '/me/stats', title: 'My stats', timeRange: false, page: lazyPage(() => import('./pages/me/MyStatsPage')) },
  { path: '/settings', title: 'Settings', timeRange: false, page: lazyPage(() => import('./pages/settings/SettingsPage')) },
  { path: '/setup', title: 'Set up Sightline', timeRange: false, bare: 'auth', page: lazyPage(() => import('./pages/auth/SetupPage')) },
  { path: '/login', title: 'Sign in', timeRange: false, bare: 'auth', page: lazyPage(() => import('./pages/auth/LoginPage')) },
  { path: '/register', title: 'Create your account', timeRange: false, bare: 'auth', page: lazyPage(() => import('./pages/auth/RegisterPage')) },
  { path: '/p/:token', title: 'Shared session', timeRange: false, bare: 'public', page: lazyPage(() => import('./pages/public/PublicSessionPage')) },
];

/** The route matching a path, with its parameters. */
export function matchRoute(path: string): { route: PageRoute; params: Record<string, string> } | null {
  for (const route of ROUTES) {
    const names: string[] = [];
    const pattern = route.path.replace(/:([a-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const match = new RegExp(`^${pattern}/?$`).exec(path);
    if (match) return { route, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return null;
}
