import { useCallback, useEffect, useRef, useState } from 'react';

// Changes made elsewhere in the console (a notification read, a follow-up done) announce themselves with a
// window event, so every poller showing a count refreshes at once instead of at its next tick.
export const CHANGED_EVENTS = { notifications: 'kaytuu:notifications-changed', followUps: 'kaytuu:follow-ups-changed' } as const;
export const announce = (event: string): void => {
  window.dispatchEvent(new Event(event));
};

type Options = { intervalMs: number; events?: string[]; enabled?: boolean };

// Runs `load` now, every `intervalMs` while the tab is visible, when the window regains focus and on the given
// events. Failures keep the last value: a missed poll is not worth an error toast (401s still go through the
// httpClient's refresh, and the next tick tries again).
export function usePolling<T>(load: () => Promise<T>, { intervalMs, events = [], enabled = true }: Options) {
  const [data, setData] = useState<T | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const inFlight = useRef(false);
  const again = useRef(false);
  const alive = useRef(true);

  // one request at a time; a refresh asked for meanwhile runs right after, so a change is never missed
  const refetch = useCallback(async (): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      const value = await loadRef.current();
      if (alive.current) setData(value);
    } catch {
      // keep the last value
    } finally {
      inFlight.current = false;
    }
    if (again.current && alive.current) {
      again.current = false;
      await refetch();
    }
  }, []);

  const eventKey = events.join('|');
  useEffect(() => {
    alive.current = true;
    if (!enabled) return undefined;
    void refetch();
    const tick = window.setInterval(() => {
      if (document.visibilityState !== 'hidden') void refetch();
    }, intervalMs);
    const onWake = () => {
      if (document.visibilityState !== 'hidden') void refetch();
    };
    const onEvent = () => void refetch();
    window.addEventListener('focus', onWake);
    document.addEventListener('visibilitychange', onWake);
    const names = eventKey ? eventKey.split('|') : [];
    names.forEach((n) => window.addEventListener(n, onEvent));
    return () => {
      alive.current = false;
      window.clearInterval(tick);
      window.removeEventListener('focus', onWake);
      document.removeEventListener('visibilitychange', onWake);
      names.forEach((n) => window.removeEventListener(n, onEvent));
    };
  }, [enabled, intervalMs, eventKey, refetch]);

  return { data, refetch };
}
