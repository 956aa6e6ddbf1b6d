import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

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
  page: LazyExoticComponent<ComponentType<PageProps>>;
}

// Each page is its own chunk: the first page loads only what it needs.
export const ROUTES: PageRoute[] = [
  { path: '/', title: 'Overview', nav: { label: 'Overview', icon: '◎' }, timeRange: true, page: lazy(() => import('./pages/overview/OverviewPage')) },
  { path: '/live', title: 'Live', nav: { label: 'Live', icon: '●' }, timeRange: false, live: true, page: lazy(() => import('./pages/live/LivePage')) },
  { path: '/sessions', title: 'Sessions', nav: { label: 'Sessions', icon: '☰' }, timeRange: true, page: lazy(() => import('./pages/sessions/SessionsPage')) },
  { path: '/sessions/:id', title: 'Session', timeRange: false, page: lazy(() => import('./pages/session/SessionPage')) },
  { path: '/tokens', title: 'Tokens & cost', nav: { label: 'Tokens & cost', icon: '$' }, timeRange: true, page: lazy(() => import('./pages/tokens/TokensPage')) },
  { path: '/tools', title: 'Tools', nav: { label: 'Tools', icon: '⚒' }, timeRange: true, page: lazy(() => import('./pages/tools/ToolsPage')) },
  { path: '/errors', title: 'Errors', nav: { label: 'Errors', icon: '⚠' }, timeRange: true, page: lazy(() => import('./pages/errors/ErrorsPage')) },
  { path: '/performance', title: 'Performance', nav: { label: 'Performance', icon: '◷' }, timeRange: true, page: lazy(() => import('./pages/performance/PerformancePage')) },
  { path: '/logs', title: 'Logs', nav: { label: 'Logs', icon: '≡' }, timeRange: true, page: lazy(() => import('./pages/logs/LogsPage')) },
  { path: '/system', title: 'System health', nav: { label: 'System', icon: '⚙' }, timeRange: false, page: lazy(() => import('./pages/system/SystemPage')) },
  { path: '/insights', title: 'Insights', nav: { label: 'Insights', icon: '✦' }, timeRange: false, page: lazy(() => import('./pages/insights/InsightsPage')) },
  { path: '/team', title: 'Team', nav: { label: 'Team', icon: '♟' }, timeRange: true, page: lazy(() => import('./pages/team-analytics/TeamAnalyticsPage')) },
  { path: '/audit', title: 'Audit log', nav: { label: 'Audit log', icon: '§' }, timeRange: true, page: lazy(() => import('./pages/audit/AuditPage')) },
  { path: '/me/stats', title: 'My stats', timeRange: false, page: lazy(() => import('./pages/me/MyStatsPage')) },
  { path: '/settings', title: 'Settings', timeRange: false, page: lazy(() => import('./pages/settings/SettingsPage')) },
  { path: '/setup', title: 'Set up Sightline', timeRange: false, bare: 'auth', page: lazy(() => import('./pages/auth/SetupPage')) },
  { path: '/login', title: 'Sign in', timeRange: false, bare: 'auth', page: lazy(() => import('./pages/auth/LoginPage')) },
  { path: '/register', title: 'Create your account', timeRange: false, bare: 'auth', page: lazy(() => import('./pages/auth/RegisterPage')) },
  { path: '/p/:token', title: 'Shared session', timeRange: false, bare: 'public', page: lazy(() => import('./pages/public/PublicSessionPage')) },
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
