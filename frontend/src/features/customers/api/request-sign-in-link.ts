import { useMutation } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';

/** POST /api/auth/magic-link/: the same answer whether or not the address has an account. */
export async function requestSignInLink(input: { email: string; next?: string }): Promise<string> {
  return (await expectData(api.POST('/api/auth/magic-link/', { body: input }))).detail;
}

export function useRequestSignInLink() {
  return useMutation({ mutationFn: requestSignInLink });
}
