import { useCallback, useEffect, useRef } from 'react';

/**
 * Returns `[schedule, cancel]`: `schedule(...args)` calls `callback` once no new call
 * has come for `delay` ms. The latest callback is always used; unmounting cancels.
 */
export function useDebouncedCallback<Args extends unknown[]>(
  callback: (...args: Args) => void,
  delay: number,
): readonly [(...args: Args) => void, () => void] {
  const callbackRef = useRef(callback);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    callbackRef.current = callback;
  });

  const cancel = useCallback(() => {
    if (timer.current !== undefined) clearTimeout(timer.current);
    timer.current = undefined;
  }, []);

  useEffect(() => cancel, [cancel]);

  const schedule = useCallback(
    (...args: Args) => {
      cancel();
      timer.current = setTimeout(() => {
        timer.current = undefined;
        callbackRef.current(...args);
      }, delay);
    },
    [cancel, delay],
  );

  return [schedule, cancel] as const;
}
