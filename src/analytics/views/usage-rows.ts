import type { Scope } from '../../core/scope.js';
import { byteOrder } from '../../store/sql/dialect.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import { usageEntriesSql, usageEntryOf } from '../../store/sql/usage.js';
import { USAGE_CALL } from '../../store/sql/sessions.js';
import { USAGE_BUCKET_MS, type Store, type UsageBucketRow, type UsageEntryRow } from '../../store/store.js';
import { eventWhere, type ViewFilters } from './filters.js';

/**
 * The rows src/analytics/reports builds its documents from, read with every view filter (the store's
 * usageBuckets/usageEntries know only project and session). Same SQL as store/sql/usage.ts, so the
 * reports come out identical to `sightline report` when no extra filter is set.
 */

/** The store's own SQL pieces, so views and `sightline report` can never drift apart. */
export { MODEL_KEY as MODEL_KEY_SQL, TOKEN_SUMS as TOKEN_SUMS_SQL } from '../../store/sql/usage.js';
import { MODEL_KEY as MODEL_KEY_SQL, TOKEN_SUMS as TOKEN_SUMS_SQL } from '../../store/sql/usage.js';

/** The store's row reader for TOKEN_SUMS columns. */
export { tokenSums as tokenSumsOf } from '../../store/sql/usage.js';
import { tokenSums as tokenSumsOf } from '../../store/sql/usage.js';

export async function filteredUsageBuckets(store: Store, scope: Scope, filters: ViewFilters): Promise<UsageBucketRow[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(
    `SELECT * FROM (
       SELECT ts - ts % ${USAGE_BUCKET_MS} AS bucket, ${MODEL_KEY_SQL} AS model, ${TOKEN_SUMS_SQL}
       FROM events WHERE ${eventWhere(params, scope, filters)} AND ${USAGE_CALL}
       GROUP BY 1, 2
     ) AS grouped ORDER BY bucket, ${byteOrder(store.dialect, 'model')}`,
    params.values,
  );
  return rows.map((row) => ({ bucket: toNumber(row.bucket), model: String(row.model), ...tokenSumsOf(row) }));
}

export async function filteredUsageEntries(store: Store, scope: Scope, filters: ViewFilters): Promise<UsageEntryRow[]> {
  const params = new SqlParams();
  const rows = await store.reads.all(usageEntriesSql(store.dialect, `${eventWhere(params, scope, filters)} AND ${USAGE_CALL}`), params.values);
  return rows.map(usageEntryOf);
}
