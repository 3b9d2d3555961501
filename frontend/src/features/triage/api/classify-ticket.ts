import { useEffect, useState } from 'react';
import { api, expectData } from '@/lib/api/client';
import { isAbortError } from '@/lib/api/errors';
import type { ClassifyResult } from '@/lib/api/types';

/** Descriptions shorter than this say too little to classify. */
export const CLASSIFY_MIN_LENGTH = 20;
/** How long the user must stop typing before a description is sent. */
export const CLASSIFY_DEBOUNCE_MS = 800;

/** POST /api/tickets/classify/ */
export function classifyTicket(description: string, signal?: AbortSignal): Promise<ClassifyResult> {
  return expectData(api.POST('/api/tickets/classify/', { body: { description }, signal }));
}

export type Classification =
  | { state: 'idle' }
  | { state: 'thinking' }
  | { state: 'ready'; result: ClassifyResult }
  | { state: 'unavailable' };

/**
 * No source means no classifier could answer. With a source, a null label means the
 * classifier was not confident enough to suggest one ("no suggestion"), not a failure.
 */
function toClassification(result: ClassifyResult): Classification {
  if (result.source === null) return { state: 'unavailable' };
  return { state: 'ready', result };
}

/**
 * Classifies `description` once the user pauses typing. Not a cached query on
 * purpose: each keystroke makes the in-flight request stale, so it is aborted at
 * once rather than when the next one starts, and its answer can never land.
 */
export function useClassifySuggestion(description: string): Classification {
  const [classification, setClassification] = useState<Classification>({ state: 'idle' });
  const text = description.trim();

  useEffect(() => {
    if (text.length < CLASSIFY_MIN_LENGTH) {
      setClassification({ state: 'idle' });
      return undefined;
    }
    // A request aborted mid-flight must not leave the spinner turning while the user types.
    setClassification((current) => (current.state === 'thinking' ? { state: 'idle' } : current));
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setClassification({ state: 'thinking' });
      classifyTicket(text, controller.signal).then(
        (result) => setClassification(toClassification(result)),
        (error: unknown) => {
          if (!isAbortError(error)) setClassification({ state: 'unavailable' });
        },
      );
    }, CLASSIFY_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  return classification;
}
