import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from './api/client';
import type { Taxonomy } from './api/types';
import { queryKeys } from './query-keys';

/**
 * GET /api/taxonomy/: the categories, priorities, statuses and triage sources with their titles.
 * Shared below the features because every screen shows these labels.
 */
export function getTaxonomy(signal?: AbortSignal): Promise<Taxonomy> {
  return expectData(api.GET('/api/taxonomy/', { signal }));
}

export const taxonomyQueryOptions = queryOptions({
  queryKey: queryKeys.taxonomy,
  queryFn: ({ signal }) => getTaxonomy(signal),
  // The taxonomy changes only with a deploy.
  staleTime: Number.POSITIVE_INFINITY,
});

export function useTaxonomy() {
  return useQuery(taxonomyQueryOptions);
}

export type TaxonomyKind = 'categories' | 'priorities' | 'statuses' | 'sources' | 'languages';

export type Choice = { value: string; title: string; definition?: string };

/** Options for one kind, or an empty list while the taxonomy loads. */
export function useChoices(kind: TaxonomyKind): Choice[] {
  const { data } = useTaxonomy();
  return data?.[kind] ?? [];
}

/** The human title of a value, falling back to the raw value before the taxonomy arrives. */
export function useLabel(kind: TaxonomyKind): (value: string) => string {
  const choices = useChoices(kind);
  return (value) => choices.find((choice) => choice.value === value)?.title ?? value;
}
