import { localScope } from '../../core/scope.js';
import { renderReportTable } from '../../analytics/reports/index.js';
import { resolveTimeZone } from '../../analytics/reports/local-time.js';
import { callServer, openStoreOrServer, type RemoteServer } from '../remote.js';
import { parseReportArgs, runReportCommand } from './report.js';

/** Thrown instead of opening the store when a running server holds it. */
class ServedElsewhere extends Error {
  constructor(readonly server: RemoteServer) {
    super('the store is held by a running server');
  }
}

export async function reportCommand(argv: string[]): Promise<number> {
  const openOrDefer = async () => {
    const target = await openStoreOrServer();
    if ('server' in target) throw new ServedElsewhere(target.server);
    return target.store;
  };
  try {
    // runReportCommand parses and validates first, so usage errors never reach the server
    return await runReportCommand(argv, { openStore: openOrDefer, scope: localScope, stdout: process.stdout });
  } catch (error) {
    if (!(error instanceof ServedElsewhere)) throw error;
    return reportOverHttp(argv, error.server);
  }
}

/** The same report, built by the server from the store it holds, rendered here as usual. */
async function reportOverHttp(argv: string[], server: RemoteServer): Promise<number> {
  const parsed = parseReportArgs(argv);
  // Day boundaries are the CLI user's: send the zone resolved here, not the server's default.
  const timezone = resolveTimeZone(parsed.options.timezone);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...parsed.options, timezone })) {
    if (value !== undefined && value !== false && value !== '') query.set(key, String(value));
  }
  const report = await callServer<object>(server, 'GET', `/api/v1/reports/${parsed.kind}?${query}`);
  const stdout = process.stdout;
  const color = parsed.color ?? (process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : stdout.isTTY && !process.env.NO_COLOR);
  const width = stdout.isTTY ? stdout.columns : undefined;
  stdout.write(parsed.json ? JSON.stringify(report, null, 2) + '\n' : renderReportTable(parsed.kind, report, { breakdown: parsed.options.breakdown, color, width, timezone }));
  return 0;
}
