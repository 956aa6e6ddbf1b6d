import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CanonicalEvent } from '../../core/event.js';
import {
  decodeOtlpRequest,
  OtlpDecodeError,
  otlpToEvents,
  rejectionMessage,
  signalName,
  type OtlpEncoding,
  type OtlpSignal,
} from '../../sources/otlp/index.js';
import { exportReply, statusReply } from '../../sources/otlp/replies.js';
import type { ServerDeps } from '../deps.js';
import { ApiError, toApiError } from '../errors.js';
import type { RouteModule } from './index.js';
import { ingestOwner, inheritSessionVisibility } from './ingest-owner.js';

export interface OtlpRouteOptions {
  /** largest body accepted, compressed and after decompression alike (default 16 MiB) → 413 */
  maxBodyBytes?: number;
  /**
   * "Under pressure": this many OTLP requests are already being decoded or waiting on the store
   * (default 32). One more is refused with 429 and Retry-After, which OTLP exporters honour.
   */
  maxInFlight?: number;
  /** seconds a refused exporter should wait (default 2) */
  retryAfterSeconds?: number;
}

const SIGNALS: readonly OtlpSignal[] = ['logs', 'metrics', 'traces'];
const inflate = promisify(gunzip);

/**
 * The OTLP/HTTP receiver: `POST /v1/logs`, `/v1/metrics`, `/v1/traces` on the API port, JSON or
 * protobuf, optionally gzipped; replies in the request's encoding, per the OTLP spec.
 * @example app = await buildApp(deps, { modules: [otlpRoutes({ maxBodyBytes: 1 << 20 })] })
 */
export function otlpRoutes(options: OtlpRouteOptions = {}): RouteModule {
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const maxInFlight = options.maxInFlight ?? 32;
  const retryAfter = String(options.retryAfterSeconds ?? 2);
  return async (app: FastifyInstance, deps: ServerDeps) => {
    // An encapsulated scope: these body parsers and this error format apply to the OTLP routes only.
    await app.register(async (otlp) => {
      otlp.removeAllContentTypeParsers();
      otlp.addContentTypeParser(['application/json', 'application/x-protobuf', 'application/protobuf'], { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_request, body, done) => done(null, body));
      otlp.setErrorHandler((error, request, reply) => {
        const apiError = toApiError(error);
        if (apiError.statusCode >= 500) request.log.error({ err: error }, 'OTLP request failed');
        return sendStatus(reply, encodingOf(request), apiError);
      });
      let inFlight = 0;
      for (const signal of SIGNALS) {
        const summary = `OTLP/HTTP Export${signalName(signal)}ServiceRequest (JSON or protobuf, optionally gzip)`;
        otlp.post(`/v1/${signal}`, { schema: { summary, tags: ['otlp'] }, bodyLimit: maxBodyBytes }, async (request, reply) => {
          const encoding = encodingOf(request);
          if (inFlight >= maxInFlight) {
            return sendStatus(reply.header('retry-after', retryAfter), encoding, new ApiError('too_many_requests', `the server is busy (${inFlight} OTLP requests in flight): retry after ${retryAfter} s`));
          }
          inFlight++;
          try {
            return await exportSignal(signal, encoding, request, reply, deps, maxBodyBytes);
          } finally {
            inFlight--;
          }
        });
      }
    });
  };
}

/** The receiver with its defaults, as registered by `sightline serve`. */
export const registerOtlpRoutes: RouteModule = otlpRoutes();

async function exportSignal(signal: OtlpSignal, encoding: OtlpEncoding, request: FastifyRequest, reply: FastifyReply, deps: ServerDeps, maxBodyBytes: number) {
  const owner = await ingestOwner(request, deps.store); // authorize before decoding anything
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const body = await decompress(raw, request.headers['content-encoding'], maxBodyBytes);
  let decoded: Record<string, unknown>;
  try {
    decoded = decodeOtlpRequest(signal, encoding, body);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new ApiError('bad_request', error.message, 'body');
    throw error;
  }
  const mapping = otlpToEvents(signal, decoded, owner, Date.now());
  await inheritSessionVisibility(deps.store, owner, mapping.events);
  if (mapping.events.length) await storeEvents(deps, mapping.events);
  const answer = exportReply(signal, encoding, mapping.rejected, mapping.rejected ? rejectionMessage(mapping) : '');
  return reply.code(200).type(answer.contentType).send(answer.body);
}

async function decompress(raw: Buffer, contentEncoding: string | undefined, maxBodyBytes: number): Promise<Buffer> {
  const coding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return raw;
  if (coding !== 'gzip') throw new ApiError('unsupported_media_type', `Content-Encoding '${coding}' is not supported: send gzip or none`);
  try {
    return await inflate(raw, { maxOutputLength: maxBodyBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ApiError('payload_too_large', `the body is larger than ${maxBodyBytes} bytes after decompression`);
    }
    throw new ApiError('bad_request', `the body is not valid gzip: ${(error as Error).message}`, 'body');
  }
}

/** Store, refresh the touched sessions, then publish. A failing store is retryable (503), not a lost batch. */
async function storeEvents(deps: ServerDeps, events: CanonicalEvent[]): Promise<void> {
  try {
    await deps.store.writeBatch(events);
    await deps.store.refreshSessions([...new Set(events.map((e) => e.sessionId))]);
  } catch (error) {
    throw Object.assign(new ApiError('unavailable', 'the store could not take the batch now: retry later'), { cause: error });
  }
  await deps.bus.publish(events);
}

function encodingOf(request: FastifyRequest): OtlpEncoding {
  return (request.headers['content-type'] ?? '').toLowerCase().includes('protobuf') ? 'protobuf' : 'json';
}

function sendStatus(reply: FastifyReply, encoding: OtlpEncoding, error: ApiError): FastifyReply {
  const answer = statusReply(encoding, error.statusCode, error.code, error.message);
  return reply.code(error.statusCode).type(answer.contentType).send(answer.body);
}
