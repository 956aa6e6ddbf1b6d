import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { ROUTE_MODULES } from '../src/server/routes/index.js';
import { otlpRoutes, registerOtlpRoutes, type OtlpRouteOptions } from '../src/server/routes/otlp.js';
import { ensureToken } from '../src/server/auth/token.js';
import { createLiveBus } from '../src/live/index.js';
import { createIngestService } from '../src/ingest/service.js';
import { importTranscripts } from '../src/ingest/transcript-import.js';
import { otlpTypes, type OtlpSignal } from '../src/sources/otlp/index.js';
import { eventId } from '../src/core/ids.js';
import { localScope } from '../src/core/scope.js';
import { costUsd, defaultPriceTable } from '../src/core/pricing/index.js';
import type { CanonicalEvent } from '../src/core/event.js';
import type { Store } from '../src/store/store.js';
import { STORE_FACTORIES } from './helpers/stores.js';
import { assistantLine, promptLine, tempClaudeRoot, writeTranscript } from './helpers/transcripts.js';

// ---- a real server on port 0 -------------------------------------------------------------------

interface Server {
  base: string;
  token: string;
  close(): Promise<void>;
}

async function startServer(store: Store, options: OtlpRouteOptions = {}): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), 'sightline-otlp-'));
  const token = await ensureToken(join(dir, 'home'));
  const bus = await createLiveBus({ store });
  const ingest = await createIngestService({ store, bus, roots: [join(dir, 'claude')], watch: false });
  const config = { host: '127.0.0.1', port: 0, home: join(dir, 'home'), token, version: '0.0.0-test', watchedRoots: [], storeLocation: 'test' };
  const app = await buildApp({ store, bus, ingest, config }, { modules: [otlpRoutes({ maxBodyBytes: 64 * 1024, ...options })] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    token,
    async close() {
      await app.close();
      await ingest.stop();
      await bus.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface PostOptions {
  protobuf?: boolean;
  gzip?: boolean;
  contentType?: string;
  token?: string | null;
  raw?: Uint8Array | string;
}

/** POST an OTLP request object (JSON mapping) as JSON or, through the official schema, as protobuf. */
async function post(server: Server, signal: OtlpSignal, request: object, opts: PostOptions = {}) {
  let body: Uint8Array | string = opts.raw ?? (opts.protobuf ? encodeProto(signal, request) : JSON.stringify(request));
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? (opts.protobuf ? 'application/x-protobuf' : 'application/json') };
  if (opts.gzip) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  }
  if (opts.token !== null) headers.authorization = `Bearer ${opts.token ?? server.token}`;
  const response = await fetch(`${server.base}/v1/${signal}`, { method: "POST", headers, body: body as BodyInit });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: Buffer.from(bytes).toString('utf8') };
}

/** JSON-mapping ids are hex; protobufjs' fromObject reads strings as base64, so give it bytes. */
function encodeProto(signal: OtlpSignal, request: object): Uint8Array {
  const withBytes = JSON.parse(JSON.stringify(request), (key, value) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string' ? Buffer.from(value, 'hex') : value,
  );
  const type = otlpTypes(signal).request;
  return type.encode(type.fromObject(withBytes)).finish();
}

function decodeProtoResponse(signal: OtlpSignal, bytes: Uint8Array): Record<string, any> {
  return otlpTypes(signal).response.decode(bytes) as Record<string, any>;
}

// ---- OTLP payload builders (JSON mapping) -----------------------------------------------------

type Attr = string | number | boolean;

function kv(key: string, value: Attr) {
  if (typeof value === 'string') return { key, value: { stringValue: value } };
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  return Number.isInteger(value) ? { key, value: { intValue: String(value) } } : { key, value: { doubleValue: value } };
}

const attrs = (record: Record<string, Attr>) => Object.entries(record).map(([k, v]) => kv(k, v));
const T0 = 1772619303900; // ms
const nanos = (ms: number) => `${ms}000000`;

function ccEvent(session: string, sequence: number, name: string, extra: Record<string, Attr>, ms = T0 + sequence * 1000) {
  return {
    timeUnixNano: nanos(ms),
    observedTimeUnixNano: nanos(ms + 1),
    body: { stringValue: `claude_code.${name}` },
    attributes: attrs({ 'event.name': name, 'event.timestamp': new Date(ms).toISOString(), 'event.sequence': sequence, 'session.id': session, ...extra }),
  };
}

function logsRequest(records: object[], service = 'claude-code') {
  return { resourceLogs: [{ resource: { attributes: attrs({ 'service.name': service, 'service.version': '2.1.120' }) }, scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events' }, logRecords: records }] }] };
}

function apiRequest(session: string, sequence: number, requestId: string, tokens = { input: 4, output: 61, cacheRead: 18200, cacheWrite: 1520 }) {
  return ccEvent(session, sequence, 'api_request', {
    model: 'claude-sonnet-4-6', input_tokens: tokens.input, output_tokens: tokens.output, cache_read_tokens: tokens.cacheRead,
    cache_creation_tokens: tokens.cacheWrite, cost_usd: 0.01171, duration_ms: 3710, request_id: requestId, query_source: 'repl_main_thread', 'prompt.id': 'p-1',
  });
}

/** One of every Claude Code event we map, plus a foreign app's error log. */
function sessionRecords(session: string) {
  return {
    claude: [
      ccEvent(session, 1, 'user_prompt', { 'prompt.id': `${session}-prompt`, prompt_length: 12, prompt: 'fix the bug' }),
      apiRequest(session, 2, `req_${session}`),
      ccEvent(session, 3, 'tool_decision', { tool_name: 'Bash', tool_use_id: `${session}-tool`, decision: 'accept', source: 'config' }),
      ccEvent(session, 4, 'tool_result', { tool_name: 'Bash', tool_use_id: `${session}-tool`, success: 'false', duration_ms: 250, error: 'exit 1' }),
      ccEvent(session, 5, 'api_error', { model: 'claude-sonnet-4-6', error: 'overloaded', status_code: 529, attempt: 1, duration_ms: 90 }),
      ccEvent(session, 6, 'mcp_server_connection', { status: 'connected', transport_type: 'stdio' }),
    ],
    foreign: { timeUnixNano: nanos(T0), severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'boom' }, attributes: attrs({ 'session.id': session, 'code.function': 'run' }) },
  };
}

async function eventsOf(store: Store, sessionId: string): Promise<CanonicalEvent[]> {
  return store.listEvents(localScope, { sessionId, limit: 1000 });
}

const byKind = (events: CanonicalEvent[], kind: string) => events.filter((e) => e.kind === kind);

async function usageTotals(store: Store, sessionId: string) {
  const rows = await store.usageBuckets(localScope, { sessionId });
  const sum = (field: 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheCreationTokens' | 'calls' | 'costUsd') => rows.reduce((total, row) => total + row[field], 0);
  return { input: sum('inputTokens'), output: sum('outputTokens'), cacheRead: sum('cacheReadTokens'), cacheWrite: sum('cacheCreationTokens'), calls: sum('calls'), cost: Math.round(sum('costUsd') * 1e9) };
}

// ---- the tests, on both stores -----------------------------------------------------------------

test('the OTLP receiver is one of the server route modules', () => {
  assert.ok(ROUTE_MODULES.includes(registerOtlpRoutes));
});

for (const factory of STORE_FACTORIES) {
  test(`OTLP receiver on ${factory.kind}`, async (t) => {
    const fresh = await factory.create();
    const server = await startServer(fresh.store);
    t.after(async () => {
      await server.close();
      await fresh.dispose();
    });
    const store = fresh.store;

    await t.test('Claude Code log events over JSON become canonical events', async () => {
      const { claude, foreign } = sessionRecords('s-json');
      const response = await post(server, 'logs', { resourceLogs: [...logsRequest(claude).resourceLogs, ...logsRequest([foreign], 'billing-app').resourceLogs] });
      assert.equal(response.status, 200, response.text);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.deepEqual(JSON.parse(response.text), {});
      const events = await eventsOf(store, 's-json');
      const [call] = byKind(events, 'llm_call');
      assert.equal(call.id, eventId('otel', 'req', 'req_s-json'));
      assert.equal(call.source, 'otlp');
      assert.equal(call.agent, 'claude-code');
      assert.equal(call.requestId, 'req_s-json');
      assert.deepEqual([call.inputTokens, call.outputTokens, call.cacheReadTokens, call.cacheCreationTokens, call.durationMs], [4, 61, 18200, 1520, 3710]);
      assert.equal(call.reportedCostUsd, 0.01171);
      const ours = costUsd(defaultPriceTable(), 'claude-sonnet-4-6', { inputTokens: 4, outputTokens: 61, cacheReadTokens: 18200, cacheCreationTokens: 1520 });
      assert.ok(ours !== null && Math.abs((call.costUsd ?? -1) - ours) < 1e-12);
      assert.equal(call.ts, T0 + 2000);
      const [tool] = byKind(events, 'tool_call');
      assert.equal(tool.id, eventId('cc', 'tool', 's-json-tool'));
      assert.equal(tool.status, 'error');
      assert.equal(tool.toolName, 'Bash');
      assert.equal(tool.durationMs, 250);
      assert.equal(tool.text, 'exit 1');
      assert.equal(tool.attrs?.toolDecision, 'accept');
      const [prompt] = byKind(events, 'prompt');
      assert.equal(prompt.id, eventId('cc', 'prompt', 's-json-prompt'));
      assert.equal(prompt.text, 'fix the bug');
      const [apiError] = byKind(events, 'api_error');
      assert.equal(apiError.level, 'error');
      assert.equal(apiError.text, 'overloaded');
      const logs = byKind(events, 'log');
      assert.equal(logs.length, 2);
      const boom = logs.find((e) => e.text === 'boom');
      assert.equal(boom?.level, 'error');
      assert.equal(boom?.agent, 'billing-app');
      assert.equal(logs.find((e) => e.attrs?.eventName === 'mcp_server_connection')?.level, 'info');
    });

    await t.test('protobuf with gzip maps to the same events, and answers in protobuf', async () => {
      const { claude } = sessionRecords('s-proto');
      const response = await post(server, 'logs', logsRequest(claude), { protobuf: true, gzip: true });
      assert.equal(response.status, 200, response.text);
      assert.equal(response.headers.get('content-type'), 'application/x-protobuf');
      assert.equal(decodeProtoResponse('logs', response.bytes).partialSuccess, null);
      const proto = await eventsOf(store, 's-proto');
      const json = await eventsOf(store, 's-json');
      const strip = (e: CanonicalEvent | undefined) => e && { ...e, id: '', sessionId: '', requestId: null, attrs: null, text: null };
      for (const kind of ['llm_call', 'tool_call', 'prompt', 'api_error']) assert.deepEqual(strip(byKind(proto, kind)[0]), strip(byKind(json, kind)[0]), kind);
    });

    await t.test('JSON with gzip works too', async () => {
      const response = await post(server, 'logs', logsRequest([apiRequest('s-gzip', 1, 'req_gzip')]), { gzip: true });
      assert.equal(response.status, 200, response.text);
      assert.equal(byKind(await eventsOf(store, 's-gzip'), 'llm_call').length, 1);
    });

    await t.test('metrics become debug log points and never count as usage', async () => {
      const point = (value: number, type: string, start: number, end: number) => ({
        startTimeUnixNano: nanos(start), timeUnixNano: nanos(end), asDouble: value,
        attributes: attrs({ type, model: 'claude-sonnet-4-6', 'session.id': 's-metrics' }),
      });
      const request = { resourceMetrics: [{ resource: { attributes: attrs({ 'service.name': 'claude-code' }) }, scopeMetrics: [{ scope: { name: 'com.anthropic.claude_code' }, metrics: [
        { name: 'claude_code.token.usage', unit: 'tokens', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(18200, 'cacheRead', T0, T0 + 60_000)] } },
        { name: 'claude_code.lines_of_code.count', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [point(12, 'added', T0, T0 + 60_000), point(3, 'removed', T0, T0 + 60_000)] } },
        { name: 'claude_code.commit.count', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ startTimeUnixNano: nanos(T0), timeUnixNano: nanos(T0 + 60_000), asInt: '1', attributes: attrs({ 'session.id': 's-metrics' }) }] } },
      ] }] }] };
      for (const opts of [{}, { protobuf: true, gzip: true }]) {
        const response = await post(server, 'metrics', request, opts);
        assert.equal(response.status, 200, response.text);
      }
      const points = await eventsOf(store, 's-metrics');
      assert.equal(points.length, 4, 'JSON and protobuf copies of one point share an id');
      assert.ok(points.every((e) => e.kind === 'log' && e.level === 'debug'));
      const added = points.find((e) => e.attrs?.metric === 'claude_code.lines_of_code.count' && e.attrs?.type === 'added');
      assert.equal(added?.attrs?.value, 12);
      assert.equal(added?.attrs?.temporality, 'cumulative');
      assert.equal(points.find((e) => e.attrs?.metric === 'claude_code.commit.count')?.attrs?.value, 1);
      assert.equal(points.find((e) => e.attrs?.metric === 'claude_code.token.usage')?.attrs?.temporality, 'delta');
      assert.deepEqual(await store.usageBuckets(localScope, { sessionId: 's-metrics' }), []);
    });

    await t.test('GenAI spans become model and tool calls; other spans debug logs', async () => {
      const trace = '5b8efff798038103d269b633813fc60c';
      const span = (spanId: string, name: string, extra: Record<string, Attr>, status = 0) => ({
        traceId: trace, spanId, name, kind: 3, startTimeUnixNano: nanos(T0), endTimeUnixNano: nanos(T0 + 1500), attributes: attrs({ 'gen_ai.conversation.id': 's-trace', ...extra }), status: { code: status },
      });
      const request = { resourceSpans: [{ resource: { attributes: attrs({ 'service.name': 'my-agent' }) }, scopeSpans: [{ scope: { name: 'genai' }, spans: [
        span('eee19b7ec3c1b174', 'chat claude-sonnet-4-6', { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'claude-sonnet-4-6', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.cache_read.input_tokens': 800, 'gen_ai.usage.output_tokens': 50, 'gen_ai.response.id': 'msg_1' }),
        span('eee19b7ec3c1b175', 'execute_tool search', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search', 'gen_ai.tool.call.id': 'call_1' }, 2),
        span('eee19b7ec3c1b176', 'GET /db', {}),
      ] }] }] };
      const response = await post(server, 'traces', request, { protobuf: true });
      assert.equal(response.status, 200, response.text);
      const events = await eventsOf(store, 's-trace');
      const [call] = byKind(events, 'llm_call');
      assert.deepEqual([call.inputTokens, call.cacheReadTokens, call.outputTokens, call.model, call.requestId, call.durationMs], [200, 800, 50, 'claude-sonnet-4-6', 'msg_1', 1500]);
      assert.equal(call.agent, 'my-agent');
      const [tool] = byKind(events, 'tool_call');
      assert.deepEqual([tool.toolName, tool.status, tool.endTs], ['search', 'error', T0 + 1500]);
      const [log] = byKind(events, 'log');
      assert.deepEqual([log.level, log.text, log.attrs?.traceId], ['debug', 'GET /db', trace]);
    });

    await t.test('invalid records are rejected one by one: partial success', async () => {
      const bad = apiRequest('s-partial', 2, 'req_bad', { input: -5, output: 1, cacheRead: 0, cacheWrite: 0 });
      const records = [apiRequest('s-partial', 1, 'req_good'), bad, ccEvent('s-partial', 3, 'at_mention', {})];
      const json = await post(server, 'logs', logsRequest(records));
      assert.equal(json.status, 200);
      const partial = JSON.parse(json.text).partialSuccess;
      assert.equal(partial.rejectedLogRecords, '1');
      assert.match(partial.errorMessage, /logRecords\[1\].*inputTokens/);
      const proto = await post(server, 'logs', logsRequest(records), { protobuf: true });
      assert.equal(Number(decodeProtoResponse('logs', proto.bytes).partialSuccess.rejectedLogRecords), 1);
      assert.equal((await eventsOf(store, 's-partial')).length, 2);
    });

    await t.test('a retried batch is stored once', async () => {
      const { claude } = sessionRecords('s-retry');
      for (let i = 0; i < 3; i++) assert.equal((await post(server, 'logs', logsRequest(claude), { protobuf: i === 1 })).status, 200);
      assert.equal(await store.countEvents(localScope, { sessionId: 's-retry' }), 5, 'prompt, llm call, tool call (decision + result), api error, log');
      assert.equal((await usageTotals(store, 's-retry')).calls, 1);
    });

    await t.test('bad requests get a clear 4xx and the server keeps serving', async () => {
      const notJson = await post(server, 'logs', {}, { raw: '{"resourceLogs": [' });
      assert.equal(notJson.status, 400);
      assert.match(JSON.parse(notJson.text).message, /not valid JSON/);
      const wrongShape = await post(server, 'logs', { resourceLogs: 'x' });
      assert.equal(wrongShape.status, 400);
      const full = encodeProto('logs', logsRequest(sessionRecords('s-trunc').claude));
      const truncated = await post(server, 'logs', {}, { protobuf: true, raw: full.subarray(0, full.length - 7) });
      assert.equal(truncated.status, 400);
      assert.equal(truncated.headers.get('content-type'), 'application/x-protobuf');
      assert.match(truncated.text, /not a valid protobuf/, 'google.rpc.Status carries the message');
      const notGzip = await fetch(`${server.base}/v1/logs`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: '{}' });
      assert.equal(notGzip.status, 400);
      const tooLarge = await post(server, 'logs', {}, { raw: JSON.stringify({ resourceLogs: [], pad: 'x'.repeat(70 * 1024) }) });
      assert.equal(tooLarge.status, 413);
      const bomb = await post(server, 'logs', {}, { raw: JSON.stringify({ resourceLogs: [], pad: 'x'.repeat(200 * 1024) }), gzip: true });
      assert.equal(bomb.status, 413, 'the limit holds after decompression');
      assert.match(JSON.parse(bomb.text).message, /after decompression/);
      const wrongType = await post(server, 'logs', {}, { contentType: 'text/plain', raw: 'hello' });
      assert.equal(wrongType.status, 415);
      assert.equal((await post(server, 'logs', {}, { token: null })).status, 401);
      assert.equal((await post(server, 'logs', {}, { token: 'wrong' })).status, 401);
      assert.equal((await post(server, 'traces', {})).status, 200, 'an empty request is a success');
      assert.equal((await post(server, 'logs', logsRequest([apiRequest('s-after', 1, 'req_after')]))).status, 200);
      assert.equal(await store.countEvents(localScope, { sessionId: 's-trunc' }), 0);
    });

    await t.test('a model call in a transcript and in OTLP counts once, in either order', async () => {
      const root = await tempClaudeRoot();
      t.after(() => rm(root, { recursive: true, force: true }));
      const transcript = (session: string, msgId: string) =>
        writeTranscript(root, `-home-dev-shop/${session}.jsonl`, [
          promptLine(session, `${session}-u1`, '2026-03-04T10:00:00.000Z', 'hello'),
          assistantLine(session, `${session}-a1`, '2026-03-04T10:00:05.000Z', msgId, { input: 10, output: 20, cacheRead: 300, cacheWrite: 40 }),
        ]);
      const expected = async (session: string) => ({ ...(await usageTotals(store, session)) });
      // transcript first, then OTLP (assistantLine's requestId is req_<message id>)
      transcript('s-order-a', 'msg_a');
      await importTranscripts({ store, roots: [root], workers: 1 });
      const transcriptOnly = await expected('s-order-a');
      assert.equal(transcriptOnly.calls, 1);
      assert.equal((await post(server, 'logs', logsRequest([apiRequest('s-order-a', 1, 'req_msg_a', { input: 10, output: 25, cacheRead: 300, cacheWrite: 40 })]))).status, 200);
      assert.deepEqual(await expected('s-order-a'), transcriptOnly);
      const calls = byKind(await eventsOf(store, 's-order-a'), 'llm_call');
      assert.deepEqual(calls.map((e) => e.source), ['transcript']);
      // OTLP first, then the transcript
      assert.equal((await post(server, 'logs', logsRequest([apiRequest('s-order-b', 1, 'req_msg_b', { input: 10, output: 25, cacheRead: 300, cacheWrite: 40 })]))).status, 200);
      assert.equal((await expected('s-order-b')).calls, 1);
      transcript('s-order-b', 'msg_b');
      await importTranscripts({ store, roots: [root], workers: 1 });
      assert.deepEqual(await expected('s-order-b'), transcriptOnly);
      assert.deepEqual(byKind(await eventsOf(store, 's-order-b'), 'llm_call').map((e) => e.source), ['transcript']);
      // an OTLP call no transcript has stays
      assert.equal((await expected('s-gzip')).calls, 1);
    });
  });
}

test('under pressure the receiver answers 429 with Retry-After', async (t) => {
  const fresh = await STORE_FACTORIES[0].create();
  const server = await startServer(fresh.store, { maxInFlight: 0, retryAfterSeconds: 3 });
  t.after(async () => {
    await server.close();
    await fresh.dispose();
  });
  const response = await post(server, 'logs', logsRequest([apiRequest('s-busy', 1, 'req_busy')]), { protobuf: true });
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('retry-after'), '3');
  assert.equal(await fresh.store.countEvents(localScope, { sessionId: 's-busy' }), 0);
});
