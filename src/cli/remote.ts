import { request as httpRequest } from 'node:http';
import { sightlineHome } from '../core/config.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { readToken } from '../server/auth/token.js';
import { isProcessAlive, readServerFile } from '../server/server-file.js';

/** A running `sightline serve` on this machine, and the token to talk to it. */
export interface RemoteServer {
  url: string;
  token: string;
  pid: number;
}

/** The server answered with an error envelope (or something that was not one). */
export class RemoteError extends Error {
  constructor(message: string, readonly status: number, readonly code?: string, readonly field?: string) {
    super(message);
    this.name = 'RemoteError';
  }
}

/**
 * The server named by `$SIGHTLINE_HOME/server.json`, if its process is alive and it answers
 * /healthz with our token; null otherwise (no server, stale file, another process's pid).
 */
export async function findRunningServer(home: string = sightlineHome()): Promise<RemoteServer | null> {
  const file = await readServerFile(home);
  if (!file || !isProcessAlive(file.pid)) return null;
  const token = await readToken(home);
  if (!token) return null;
  const server = { url: file.url, token, pid: file.pid };
  try {
    await callServer(server, 'GET', '/healthz', undefined, 3000);
    return server;
  } catch {
    return null;
  }
}

export function isStoreLocked(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'STORE_LOCKED';
}

/**
 * The store, opened directly; or, when a running `sightline serve` holds it (server.json names a
 * live server, or the DuckDB file is locked), that server to send the request to instead.
 * @example const target = await openStoreOrServer(); if ('server' in target) return overHttp(target.server);
 */
export async function openStoreOrServer(open: () => Promise<Store> = () => openStore(), home: string = sightlineHome()): Promise<{ store: Store } | { server: RemoteServer }> {
  const running = await findRunningServer(home);
  if (running) return { server: running };
  try {
    return { store: await open() };
  } catch (error) {
    if (!isStoreLocked(error)) throw error;
    const server = await findRunningServer(home);
    if (!server) throw error;
    return { server };
  }
}

/**
 * One JSON request to the server with the Bearer token. node:http rather than fetch: an import
 * over HTTP may take longer than fetch's fixed 5-minute header timeout.
 * @example const summary = await callServer(server, 'POST', '/api/v1/ingest/import', { roots });
 */
export function callServer<T = unknown>(server: RemoteServer, method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { authorization: `Bearer ${server.token}`, accept: 'application/json' };
  if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(payload.length) });
  return new Promise<T>((resolve, reject) => {
    const req = httpRequest(new URL(path, server.url), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) return settleJson(text, resolve, reject);
        reject(errorFromResponse(status, text, server.url));
      });
    });
    req.on('error', (error) => reject(new RemoteError(`cannot reach the Sightline server at ${server.url}: ${error.message}`, 0)));
    if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.end(payload);
  });
}

function settleJson<T>(text: string, resolve: (value: T) => void, reject: (error: Error) => void): void {
  try {
    resolve(JSON.parse(text) as T);
  } catch {
    reject(new RemoteError('the server answered with something that is not JSON', 200));
  }
}

function errorFromResponse(status: number, text: string, url: string): RemoteError {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string; field?: string } };
    if (error?.message) return new RemoteError(`server at ${url}: ${error.message}`, status, error.code, error.field);
  } catch {
    // not an envelope: fall through
  }
  return new RemoteError(`server at ${url} answered HTTP ${status}`, status);
}
