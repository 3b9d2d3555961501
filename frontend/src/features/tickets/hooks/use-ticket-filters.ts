import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { Category, LanguageCode, Priority, Status } from '@/lib/api/types';
import type { TicketFilters } from '@/lib/query-keys';

export type FilterKey = keyof TicketFilters;

const FILTER_KEYS: FilterKey[] = [
  'category',
  'priority',
  'status',
  'search',
  'sla',
  'tag',
  'ordering',
  'language',
  'rating',
];

/**
 * The list filters live in the URL so a filtered list can be bookmarked and the
 * back button undoes a filter change. Values are passed to the API as they are:
 * it validates them, and an unknown value shows its error message.
 */
function readFilters(params: URLSearchParams): TicketFilters {
  const filters: TicketFilters = {};
  const category = params.get('category');
  const priority = params.get('priority');
  const status = params.get('status');
  const search = params.get('search');
  const sla = params.get('sla');
  const tag = params.get('tag');
  const ordering = params.get('ordering');
  const language = params.get('language');
  const rating = params.get('rating');
  if (category) filters.category = category as Category;
  if (priority) filters.priority = priority as Priority;
  if (status) filters.status = status as Status;
  if (search?.trim()) filters.search = search;
  if (sla) filters.sla = sla as TicketFilters['sla'];
  if (tag?.trim()) filters.tag = tag;
  if (ordering) filters.ordering = ordering as TicketFilters['ordering'];
  if (language) filters.language = language as LanguageCode;
  if (rating) filters.rating = rating as TicketFilters['rating'];
  return filters;
}

export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);

  const setFilter = useCallback(
    (key: FilterKey, value: string) => {
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        if (value.trim()) next.set(key, value);
        else next.delete(key);
        return next;
      });
    },
    [setParams],
  );

  const clearFilters = useCallback(() => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const key of FILTER_KEYS) if (key !== 'ordering') next.delete(key);
      return next;
    });
  }, [setParams]);

  // The order is not a filter: "Clear filters" and the empty state look at the rest.
  const hasFilters = Object.keys(filters).some((key) => key !== 'ordering');
  return { filters, setFilter, clearFilters, hasFilters };
}
