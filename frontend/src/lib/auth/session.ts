import { useSyncExternalStore } from 'react';

/**
 * Whether the API has told us nobody is signed in. Kept outside React Query so that
 * any request, from any feature, can switch the whole app to the sign-in state.
 */
let signedOut = false;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function markSignedOut(): void {
  if (signedOut) return;
  signedOut = true;
  emit();
}

export function resetSession(): void {
  signedOut = false;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSignedOut(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => signedOut,
    () => false,
  );
}
