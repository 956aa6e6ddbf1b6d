import { afterCursorSql, keysetOrderSql, toPage, type Page } from '../../analytics/views/pagination.js';
import type { Dialect } from '../../store/sql/dialect.js';
import { SqlParams } from '../../store/sql/params.js';
import { toNumber } from '../../store/sql/rows.js';
import type { Row, SqlSession } from '../../store/sql/session.js';
import { newId } from './ids.js';

/**
 * Insights: short notes a team shares ("prompt caching halves cost on repo X"), with tags, votes and
 * comments. Every function takes the team id: a row of another team is never found, changed or counted.
 */

export interface Insight {
  id: string;
  teamId: string;
  authorId: string;
  sessionId: string | null;
  title: string;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

/** A feed row: the insight plus what the reader needs to render it. */
export interface InsightItem extends Insight {
  votes: number;
  /** the caller voted for it */
  myVote: boolean;
  comments: number;
  /** the session page it links to, or null */
  sessionLink: string | null;
}

export interface InsightComment {
  id: string;
  insightId: string;
  authorId: string;
  body: string;
  createdAt: number;
}

const COLUMNS = 'i.id, i.team_id, i.author_id, i.session_id, i.title, i.body, i.tags, i.created_at, i.updated_at';
// counts as correlated subqueries: a page is at most 100 rows and both tables are keyed by insight
const COUNTS = (me: string) => `(SELECT count(*) FROM insight_votes v WHERE v.insight_id = i.id) AS votes,
  (SELECT count(*) FROM insight_votes v WHERE v.insight_id = i.id AND v.user_id = ${me}) AS my_vote,
  (SELECT count(*) FROM insight_comments c WHERE c.insight_id = i.id) AS comments`;

export async function createInsight(db: SqlSession, fields: Omit<Insight, 'id' | 'createdAt' | 'updatedAt'>, now = Date.now()): Promise<Insight> {
  const insight: Insight = { id: newId(), ...fields, createdAt: now, updatedAt: now };
  await db.run(
    'INSERT INTO insights (id, team_id, author_id, session_id, title, body, tags, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [insight.id, insight.teamId, insight.authorId, insight.sessionId, insight.title, insight.body, JSON.stringify(insight.tags), now, now],
  );
  return insight;
}

/** One insight of the team with its counts, or null. */
export async function getInsight(db: SqlSession, teamId: string, id: string, viewerId: string): Promise<InsightItem | null> {
  const p = new SqlParams();
  const rows = await db.all(`SELECT ${COLUMNS}, ${COUNTS(p.add(viewerId))} FROM insights i WHERE i.team_id = ${p.add(teamId)} AND i.id = ${p.add(id)}`, p.values);
  return rows[0] ? presentItem(rows[0]) : null;
}

export interface FeedQuery {
  teamId: string;
  viewerId: string;
  tag?: string;
  author?: string;
  cursor?: string;
  limit: number;
}

/** The team feed, newest first, cursor on (created_at, id). */
export async function listInsights(db: SqlSession, dialect: Dialect, q: FeedQuery): Promise<Page<InsightItem>> {
  const p = new SqlParams();
  const counts = COUNTS(p.add(q.viewerId));
  const where = [`i.team_id = ${p.add(q.teamId)}`];
  // tags are a JSON array of normalized words: the quoted tag cannot match inside another one
  if (q.tag) where.push(`strpos(i.tags, ${p.add(JSON.stringify(q.tag))}) > 0`);
  if (q.author) where.push(`i.author_id = ${p.add(q.author)}`);
  const after = afterCursorSql(p, dialect, q.cursor, 'i.created_at', 'i.id', 'desc');
  if (after) where.push(after);
  const rows = await db.all(
    `SELECT ${COLUMNS}, ${counts} FROM insights i WHERE ${where.join(' AND ')}
     ORDER BY ${keysetOrderSql(dialect, 'i.created_at', 'i.id', 'desc')} LIMIT ${q.limit + 1}`,
    p.values,
  );
  return toPage(rows, q.limit, (r: Row) => [toNumber(r.created_at), String(r.id)], presentItem);
}

export async function updateInsight(db: SqlSession, teamId: string, id: string, fields: Pick<Insight, 'title' | 'body' | 'tags' | 'sessionId'>, now = Date.now()): Promise<void> {
  await db.run('UPDATE insights SET title = $1, body = $2, tags = $3, session_id = $4, updated_at = $5 WHERE team_id = $6 AND id = $7', [
    fields.title, fields.body, JSON.stringify(fields.tags), fields.sessionId, now, teamId, id,
  ]);
}

/** The insight with its votes and comments. */
export async function deleteInsight(db: SqlSession, teamId: string, id: string): Promise<void> {
  const owned = await db.all('SELECT id FROM insights WHERE team_id = $1 AND id = $2', [teamId, id]);
  if (!owned.length) return;
  await db.run('DELETE FROM insight_votes WHERE insight_id = $1', [id]);
  await db.run('DELETE FROM insight_comments WHERE insight_id = $1', [id]);
  await db.run('DELETE FROM insights WHERE id = $1', [id]);
}

/** Idempotent: voting twice is one vote. */
export async function addVote(db: SqlSession, insightId: string, userId: string, now = Date.now()): Promise<void> {
  const existing = await db.all('SELECT 1 AS x FROM insight_votes WHERE insight_id = $1 AND user_id = $2', [insightId, userId]);
  if (!existing.length) await db.run('INSERT INTO insight_votes (insight_id, user_id, created_at) VALUES ($1, $2, $3)', [insightId, userId, now]);
}

export async function removeVote(db: SqlSession, insightId: string, userId: string): Promise<void> {
  await db.run('DELETE FROM insight_votes WHERE insight_id = $1 AND user_id = $2', [insightId, userId]);
}

export async function addComment(db: SqlSession, insightId: string, authorId: string, body: string, now = Date.now()): Promise<InsightComment> {
  const comment = { id: newId(), insightId, authorId, body, createdAt: now };
  await db.run('INSERT INTO insight_comments (id, insight_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)', [comment.id, insightId, authorId, body, now]);
  return comment;
}

/** Comments oldest first (a conversation reads top-down), cursor on (created_at, id). */
export async function listComments(db: SqlSession, dialect: Dialect, insightId: string, cursor: string | undefined, limit: number): Promise<Page<InsightComment>> {
  const p = new SqlParams();
  const where = [`insight_id = ${p.add(insightId)}`];
  const after = afterCursorSql(p, dialect, cursor, 'created_at', 'id', 'asc');
  if (after) where.push(after);
  const rows = await db.all(
    `SELECT id, insight_id, author_id, body, created_at FROM insight_comments WHERE ${where.join(' AND ')}
     ORDER BY ${keysetOrderSql(dialect, 'created_at', 'id', 'asc')} LIMIT ${limit + 1}`,
    p.values,
  );
  return toPage(rows, limit, (r: Row) => [toNumber(r.created_at), String(r.id)], (r) => ({
    id: String(r.id), insightId: String(r.insight_id), authorId: String(r.author_id), body: String(r.body), createdAt: toNumber(r.created_at),
  }));
}

/** Tag → number of the team's insights carrying it (created in [since, until) when given), most used first. */
export async function tagCloud(db: SqlSession, teamId: string, range: { since?: number; until?: number } = {}): Promise<Array<{ tag: string; count: number }>> {
  const p = new SqlParams();
  const where = [`team_id = ${p.add(teamId)}`];
  if (range.since !== undefined) where.push(`created_at >= ${p.add(range.since)}`);
  if (range.until !== undefined) where.push(`created_at < ${p.add(range.until)}`);
  // tags live in a JSON text column the dialects unnest differently; the table is small, so count here
  const counts = new Map<string, number>();
  for (const row of await db.all(`SELECT tags FROM insights WHERE ${where.join(' AND ')}`, p.values)) {
    for (const tag of parseTags(row.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1));
}

function parseTags(value: unknown): string[] {
  try {
    const tags = JSON.parse(String(value));
    return Array.isArray(tags) ? tags.map(String) : [];
  } catch {
    return [];
  }
}

function presentItem(r: Row): InsightItem {
  const sessionId = r.session_id == null ? null : String(r.session_id);
  return {
    id: String(r.id),
    teamId: String(r.team_id),
    authorId: String(r.author_id),
    sessionId,
    title: String(r.title),
    body: String(r.body),
    tags: parseTags(r.tags),
    createdAt: toNumber(r.created_at),
    updatedAt: toNumber(r.updated_at),
    votes: toNumber(r.votes),
    myVote: toNumber(r.my_vote) > 0,
    comments: toNumber(r.comments),
    sessionLink: sessionId ? `/sessions/${encodeURIComponent(sessionId)}` : null,
  };
}
