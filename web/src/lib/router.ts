import { useSyncExternalStore } from 'react';

/** A tiny router over the History API: the app's pages are /dashboard/<page>. */
export const BASE = '/dashboard';

function subscribe(callback: () => void): () => void {
  window.addEventListener('popstate', callback);
  return () => window.removeEventListener('popstate', callback);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => {
    const path = window.location.pathname;
    const rest = path.startsWith(BASE) ? path.slice(BASE.length) : path;
    return rest.replace(/\/+$/, '') || '/';
  });
}

export function navigate(to: string): void {
  const url = `${BASE}${to === '/' ? '/' : to}`;
  if (window.location.pathname !== url) window.history.pushState(null, '', url);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
