import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../deps.js';
import { registerHealthRoutes } from './health.js';
import { registerApiRoutes } from './api/index.js';
import { registerLiveRoutes } from './live.js';
import { registerIngestRoutes } from './ingest.js';
import { registerUiRoutes } from './ui.js';
import { registerOtlpRoutes } from './otlp.js';
import { registerHookRoutes } from './hooks.js';
import { registerEventApiRoutes } from './events.js';
import { registerDemoRoutes } from './demo.js';
import { registerAuthRoutes } from './auth.js';
import { registerAgentRoutes } from './agent.js';
import { registerInsightRoutes } from './insights.js';
import { registerAuditRoutes } from './audit.js';
import { registerTeamRoutes } from './team.js';
import { registerSharingRoutes } from './sharing.js';

export type RouteModule = (app: FastifyInstance, deps: ServerDeps) => Promise<void> | void;

/** Every route module, in registration order. Each file owns the routes of one concern. */
export const ROUTE_MODULES: readonly RouteModule[] = [registerHealthRoutes, registerAuthRoutes, registerApiRoutes, registerLiveRoutes, registerIngestRoutes, registerEventApiRoutes, registerAgentRoutes, registerHookRoutes, registerOtlpRoutes, registerDemoRoutes, registerInsightRoutes, registerAuditRoutes, registerTeamRoutes, registerSharingRoutes, registerUiRoutes];
