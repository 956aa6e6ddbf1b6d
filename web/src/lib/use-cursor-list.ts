import { useEffect, useState } from 'react';
import type { Params } from './api';
import { useApi, type ApiState } from './use-api';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorList<T> extends ApiState<CursorPage<T>> {
  page: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
}

/** A cursor-paginated API list: keeps the cursors of earlier pages so Previous works; resets when params change. */
export function useCursorList<T>(path: string | null, params: Params): CursorList<T> {
  const paramsKey = JSON.stringify(params) + path;
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key: paramsKey, stack: [] });
  useEffect(() => setCursors({ key: paramsKey, stack: [] }), [paramsKey]);
  const stack = cursors.key === paramsKey ? cursors.stack : [];
  const cursor = stack[stack.length - 1];
  const state = useApi<CursorPage<T>>(path, { ...params, cursor });
  const nextCursor = state.data?.nextCursor ?? null;
  return {
    ...state,
    page: stack.length + 1,
    hasNext: nextCursor !== null,
    hasPrevious: stack.length > 0,
    next: () => nextCursor && setCursors({ key: paramsKey, stack: [...stack, nextCursor] }),
    previous: () => setCursors({ key: paramsKey, stack: stack.slice(0, -1) }),
  };
}
