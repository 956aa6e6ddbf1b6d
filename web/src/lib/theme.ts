import { useSyncExternalStore } from 'react';

/** Light/dark theme: `data-theme` on <html>, remembered in localStorage, first guess from the OS. */
export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'sightline-theme';
const THEME_EVENT = 'sightline:theme';

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function setTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // private mode: the choice lasts for this page only
  }
  window.dispatchEvent(new Event(THEME_EVENT));
}

export function useTheme(): Theme {
  return useSyncExternalStore(
    (notify) => {
      window.addEventListener(THEME_EVENT, notify);
      return () => window.removeEventListener(THEME_EVENT, notify);
    },
    currentTheme,
  );
}

/** A CSS custom property's value (charts draw on canvas and need real colors). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** Distinct series colors, readable on both themes. */
export const SERIES_COLORS = ['#5b6cff', '#12a37f', '#f29d38', '#e5484d', '#9b5de5', '#00a2c7', '#d6409f', '#8d9a2b', '#6e7687', '#c2783a'];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}
