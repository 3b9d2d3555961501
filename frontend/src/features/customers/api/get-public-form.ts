import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { PublicForm } from '@/lib/api/types';

/** GET /api/public/form/: whether the form is open, and the signed token it is sent back with. */
export async function getPublicForm(): Promise<PublicForm> {
  return expectData(api.GET('/api/public/form/'));
}

export const publicFormQueryOptions = () =>
  queryOptions({
    queryKey: ['public', 'form'],
    queryFn: getPublicForm,
    // The token dates the form: one per page load, never refreshed behind the visitor's back.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

export function usePublicForm() {
  return useQuery(publicFormQueryOptions());
}
