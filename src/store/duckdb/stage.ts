import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { CanonicalEvent } from '../../core/event.js';
import { EVENT_COLUMNS, type ColumnType } from '../sql/columns.js';

/** The per-connection temp table a batch is bulk-loaded into before it is merged into events. */
export const STAGE_TABLE = 'sl_stage';

export const CREATE_STAGE_SQL = `CREATE TEMP TABLE IF NOT EXISTS ${STAGE_TABLE} AS SELECT * FROM events LIMIT 0`;

type AppendValue = (appender: DuckDBAppender, value: unknown) => void;

const APPEND_BY_TYPE: Record<ColumnType, AppendValue> = {
  text: (a, v) => a.appendVarchar(v as string),
  bigint: (a, v) => a.appendBigInt(BigInt(v as number)),
  double: (a, v) => a.appendDouble(v as number),
  bool: (a, v) => a.appendBoolean(v as boolean),
  json: (a, v) => a.appendVarchar(JSON.stringify(v)),
};

const FIELDS = EVENT_COLUMNS.map((c) => c.field);
const APPENDERS = EVENT_COLUMNS.map((c) => APPEND_BY_TYPE[c.type]);

/**
 * Loads events into the stage table with DuckDB's Appender (row by row into column vectors,
 * no SQL parsing per row). The appender commits on its own, so the caller empties the stage first.
 */
export async function appendToStage(connection: DuckDBConnection, events: readonly CanonicalEvent[]): Promise<void> {
  const appender = await connection.createAppender(STAGE_TABLE, 'main', 'temp');
  try {
    for (const event of events) {
      const record = event as Record<string, unknown>;
      for (let i = 0; i < FIELDS.length; i++) {
        const value = record[FIELDS[i]];
        if (value === null || value === undefined) appender.appendNull();
        else APPENDERS[i](appender, value);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}
