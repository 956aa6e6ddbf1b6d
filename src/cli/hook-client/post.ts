import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the local server is: server.json's URL and the token file (read synchronously: it is two small files). */
export interface ServerTarget {
  url: string;
  token: string;
}

/**
 * Where hook events go: the team server of SIGHTLINE_SERVER with the API key of SIGHTLINE_KEY (or
 * the file SIGHTLINE_KEY_FILE) when both are set, else the running local server, else null.
 */
export function readServerTarget(home: string, env: NodeJS.ProcessEnv = process.env): ServerTarget | null {
  return teamServerFromEnv(env) ?? localServerTarget(home);
}

/** A team server from the environment; null unless both the URL and a key are given. */
export function teamServerFromEnv(env: NodeJS.ProcessEnv = process.env): ServerTarget | null {
  const url = env.SIGHTLINE_SERVER?.trim();
  if (!url) return null;
  let key = env.SIGHTLINE_KEY?.trim();
  try {
    if (!key && env.SIGHTLINE_KEY_FILE) key = readFileSync(env.SIGHTLINE_KEY_FILE, 'utf8').trim();
  } catch {
    return null; // an unreadable key file: the hook spools, as when the server is down
  }
  return key ? { url, token: key } : null;
}

/** The running local server, or null when there is none (no server.json, dead pid, no token). */
function localServerTarget(home: string): ServerTarget | null {
  try {
    const file = JSON.parse(readFileSync(join(home, 'server.json'), 'utf8')) as { url?: unknown; pid?: unknown };
    if (typeof file.url !== 'string' || typeof file.pid !== 'number' || !processAlive(file.pid)) return null;
    const token = readFileSync(join(home, 'token'), 'utf8').trim();
    return token ? { url: file.url, token } : null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface PostResult {
  status: number;
  text: string;
}

/**
 * POST a JSON body with the token, giving up after `timeoutMs` (rejects). No keep-alive, so
 * the short-lived hook process is not held open by a pooled socket.
 */
export function postJson(target: ServerTarget, path: string, body: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, target.url);
    const req = (url.protocol === 'https:' ? httpsRequest : request)(url, {
      method: 'POST',
      agent: false,
      headers: { ...headers, authorization: `Bearer ${target.token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }); });
      res.on('error', (error) => { clearTimeout(timer); reject(error); });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), Math.max(1, timeoutMs));
    req.on('error', (error) => { clearTimeout(timer); reject(error); });
    req.end(body);
  });
}
