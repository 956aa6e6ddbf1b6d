import type { ServerDeps } from '../deps.js';

/**
 * `/` when the dashboard is not built (a checkout before `npm run build`): a small status page so the
 * link `serve` prints still leads somewhere useful: what is running, what was ingested, where the API is.
 */
export async function statusPage(deps: ServerDeps): Promise<string> {
  const stats = await deps.store.stats();
  const ingest = deps.ingest.status();
  return page([
    ['Store', `${stats.kind} · ${stats.events.toLocaleString('en-US')} events · ${stats.sessions.toLocaleString('en-US')} sessions`],
    ['Ingest', `${ingest.caughtUp ? 'up to date' : 'catching up…'} · watching ${ingest.roots.length ? ingest.roots.map(escape).join(', ') : 'no transcript directories'} (${ingest.watching})`],
    ['Version', escape(deps.config.version)],
  ]);
}

function page(rows: Array<[string, string]>): string {
  const body = rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sightline</title><style>body{font:15px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d2330}
th{text-align:left;padding-right:1.5rem;color:#5b6475}code{background:#f1f3f7;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Sightline is running</h1><p>The web dashboard is not built in this checkout: run <code>npm run build</code>.</p><table>${body}</table>
<p>The API is at <a href="/api/v1/overview"><code>/api/v1/overview</code></a> and friends
(<a href="/api/v1/openapi.json">OpenAPI document</a>); live updates at <code>/api/v1/live</code> (WebSocket).</p>
<p>No data yet? Run <code>npx sightline import</code>, or use Claude Code: new sessions appear here within a second.</p>
</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
