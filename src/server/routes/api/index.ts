import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../../deps.js';
import { registerErrorRoutes } from './errors.js';
import { registerEventRoutes } from './events.js';
import { registerLogRoutes } from './logs.js';
import { registerOverviewRoutes } from './overview.js';
import { registerPerformanceRoutes } from './performance.js';
import { installApiErrorHandling } from './reply.js';
import { registerSessionRoutes } from './sessions.js';
import { registerTokenRoutes } from './tokens.js';
import { registerToolRoutes } from './tools.js';
import { registerMeStatsRoutes } from './me-stats.js';
import { registerTeamAnalyticsRoutes } from './team-analytics.js';

const RESOURCES = [
  registerOverviewRoutes,
  registerSessionRoutes,
  registerTokenRoutes,
  registerToolRoutes,
  registerErrorRoutes,
  registerPerformanceRoutes,
  registerLogRoutes,
  registerEventRoutes,
  registerMeStatsRoutes,
  registerTeamAnalyticsRoutes,
] as const;

/**
 * The read API under /api/v1, in an encapsulated plugin: its routes validate their query with zod
 * (Fastify's validator is switched off there; the JSON schemas only document), and view errors
 * (bad filter → 400 with `field`, unknown id → 404) become the error envelope.
 */
export async function registerApiRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  await app.register(
    async (api) => {
      installApiErrorHandling(api);
      for (const register of RESOURCES) register(api, deps);
    },
    { prefix: '/api/v1' },
  );
}
