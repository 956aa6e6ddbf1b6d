/** The answers of /api/v1/insights… (src/server/routes/insights.ts, src/people/repo/insights.ts). */
export interface InsightItem {
  id: string;
  teamId: string;
  authorId: string;
  sessionId: string | null;
  title: string;
  body: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
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

export interface TagCount {
  tag: string;
  count: number;
}

/** What the live `insights` channel pushes about a new insight (a notice: the feed refetches for the rest). */
export interface InsightNotice {
  id: string;
  authorId: string;
  title: string;
  tags: string[];
  sessionId: string | null;
  createdAt: number;
}
