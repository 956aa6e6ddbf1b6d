import type { CanonicalEvent } from '../../core/event.js';
import { eventId } from '../../core/ids.js';
import { collect, emptyMapping, type OtlpMapping } from './collect.js';
import { baseEvent, keptAttrs, resourceContext, sessionOf, type OtlpOwner, type ResourceContext } from './context.js';
import { listOf, type OtlpMetric, type OtlpMetricsRequest, type OtlpNumberDataPoint } from './types.js';
import { attributes, nanosKey, nanosToMs, toNumber } from './values.js';

/**
 * An ExportMetricsServiceRequest → one `log` event (level debug) per data point, `attrs.metric` naming
 * it (README "Claude Code telemetry"). Usage (tokens, cost) is never taken from metrics: it comes from
 * api_request events and transcripts; the points feed counters such as lines of code, commits, PRs
 * and active time.
 *
 * Temporality is kept, not resolved: a delta point is an increment; cumulative points of one series
 * (`attrs.series`) and one run (`attrs.startTs`) hold a running total, so the total of a counter is
 * Σ delta values + Σ over (series, startTs) of the largest cumulative value. That needs no state
 * here and survives process restarts (a new startTs) on either side.
 */
export function metricsToEvents(request: OtlpMetricsRequest, owner: OtlpOwner, receivedAt: number): OtlpMapping {
  const out = emptyMapping();
  listOf<NonNullable<OtlpMetricsRequest['resourceMetrics']>[number]>(request.resourceMetrics).forEach((resourceMetrics, r) => {
    const ctx = resourceContext(resourceMetrics?.resource, owner, receivedAt);
    listOf<{ metrics?: OtlpMetric[] | null }>(resourceMetrics?.scopeMetrics).forEach((scopeMetrics, s) => {
      listOf<OtlpMetric>(scopeMetrics?.metrics).forEach((metric, m) => {
        const shape = pointsOf(metric);
        if (!shape) return;
        listOf<OtlpNumberDataPoint>(shape.points.dataPoints).forEach((point, p) => {
          collect(out, `resourceMetrics[${r}].scopeMetrics[${s}].metrics[${m}].dataPoints[${p}]`, () => pointToEvent(metric, shape, point, ctx));
        });
      });
    });
  });
  return out;
}

type Shape = { type: 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary'; points: NonNullable<OtlpMetric['sum']> };

function pointsOf(metric: OtlpMetric): Shape | null {
  for (const type of ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const) {
    const points = metric?.[type];
    if (points) return { type, points };
  }
  return null;
}

const TEMPORALITY = ['unspecified', 'delta', 'cumulative'];

function pointToEvent(metric: OtlpMetric, shape: Shape, point: OtlpNumberDataPoint, ctx: ResourceContext): CanonicalEvent {
  const name = metric.name || 'unnamed';
  const pointAttrs = attributes(point.attributes);
  const ts = nanosToMs(point.timeUnixNano) ?? ctx.receivedAt;
  const sessionId = sessionOf(ctx, pointAttrs, ts);
  const series = seriesKey(pointAttrs);
  const value = shape.type === 'sum' || shape.type === 'gauge' ? (toNumber(point.asDouble) ?? toNumber(point.asInt)) : toNumber(point.sum);
  const start = nanosKey(point.startTimeUnixNano);
  const id = eventId('otel', 'metric', ctx.agent, sessionId, name, series, start, nanosKey(point.timeUnixNano));
  const event = baseEvent(ctx, id, 'log', ts, sessionId, null);
  event.level = 'debug';
  event.text = `${name} ${value ?? ''}${metric.unit ? ` ${metric.unit}` : ''}`;
  event.attrs = {
    ...keptAttrs(pointAttrs, SESSION_ONLY),
    metric: name,
    value,
    unit: metric.unit || null,
    metricType: shape.type,
    temporality: shape.type === 'gauge' ? 'gauge' : (TEMPORALITY[toNumber(shape.points.aggregationTemporality) ?? 0] ?? 'unspecified'),
    startTs: nanosToMs(point.startTimeUnixNano),
    series,
    ...(shape.type === 'sum' || shape.type === 'gauge' ? {} : { count: toNumber(point.count) }),
  };
  return event;
}

const SESSION_ONLY = new Set(['session.id']);

/** The point's attributes in key order: one series of a metric. */
function seriesKey(attrs: Record<string, unknown>): string {
  return Object.keys(attrs)
    .sort()
    .map((key) => `${key}=${typeof attrs[key] === 'string' ? attrs[key] : JSON.stringify(attrs[key])}`)
    .join(',');
}
