import { z } from 'zod';
import type { FastifyInstance, FastifySchema } from 'fastify';

type JsonSchema = Record<string, unknown>;

declare module 'fastify' {
  /** What a route may say about itself for the OpenAPI document (as @fastify/swagger reads it). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    /** leave the route out of the document */
    hide?: boolean;
  }
}

/** A registered route as the app saw it (collected by an `onRoute` hook in app.ts). */
export interface CollectedRoute {
  method: string;
  url: string;
  schema?: FastifySchema;
  websocket?: boolean;
}

/**
 * A zod schema as the JSON Schema Fastify validates with (draft-07, Ajv's default) and the
 * OpenAPI document shows. `input`: what a client sends (defaults optional, coercions accepted).
 * @example app.get('/api/v1/sessions', { schema: { querystring: jsonSchemaOf(SessionsQuery), summary: 'List sessions', tags: ['sessions'] } }, handler)
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** OpenAPI 3.1 document of every route with a path under /api/ or /v1/, from the schemas the routes attached. */
export function buildOpenApiDocument(routes: readonly CollectedRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    if (route.method === 'HEAD' || route.method === 'OPTIONS') continue;
    if (route.schema?.hide && !route.websocket) continue; // @fastify/websocket marks every ws route hidden; we document them
    if (!route.url.startsWith('/api/') && !route.url.startsWith('/v1/')) continue;
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Sightline API', version, description: 'Observability for AI agent sessions. Every route needs the access token.' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token in $SIGHTLINE_HOME/token' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'sightline_token' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
  };
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
};

function operationOf(route: CollectedRoute): JsonSchema {
  const schema = route.schema ?? {};
  const parameters = [...parametersOf(schema.params as JsonSchema | undefined, 'path'), ...parametersOf(schema.querystring as JsonSchema | undefined, 'query')];
  const operation: JsonSchema = {
    summary: schema.summary ?? `${route.method} ${route.url}`,
    tags: schema.tags ?? [tagOf(route.url)],
    responses: responsesOf(schema.response as Record<string, JsonSchema> | undefined),
  };
  if (schema.description) operation.description = schema.description;
  if (route.websocket) operation.description = `${schema.description ?? ''} WebSocket: upgrade this URL (token as Bearer header, cookie or ?token=).`.trim();
  if (parameters.length) operation.parameters = parameters;
  if (schema.body) operation.requestBody = { required: true, content: { 'application/json': { schema: schema.body } } };
  return operation;
}

/** A querystring or params object schema as one OpenAPI parameter per property. */
function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function responsesOf(response: Record<string, JsonSchema> | undefined): JsonSchema {
  const out: Record<string, JsonSchema> = {};
  for (const [status, schema] of Object.entries(response ?? {})) {
    out[status] = { description: String(schema.description ?? 'OK'), content: { 'application/json': { schema } } };
  }
  if (!Object.keys(out).some((status) => status.startsWith('2'))) out['200'] = { description: 'OK' };
  const error = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  out['400'] ??= { description: 'Bad request: the `field` says which parameter', ...error };
  out['401'] ??= { description: 'Missing or wrong access token', ...error };
  return out;
}

/** `/api/v1/sessions/:id` → `sessions` */
function tagOf(url: string): string {
  const parts = url.split('/').filter(Boolean);
  return parts[0] === 'api' ? parts[2] ?? 'api' : parts[0] ?? 'root';
}

/** `GET /api/v1/openapi.json`, built on demand from the routes registered so far. */
export function registerOpenApiRoute(app: FastifyInstance, routes: readonly CollectedRoute[], version: string): void {
  let document: JsonSchema | null = null;
  app.get('/api/v1/openapi.json', { schema: { summary: 'This OpenAPI document', tags: ['meta'] } }, async () => {
    document ??= buildOpenApiDocument(routes, version); // routes are fixed once the app is ready
    return document;
  });
}
