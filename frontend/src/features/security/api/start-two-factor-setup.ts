import { useMutation } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { AuthenticatorSetup } from '@/lib/api/types';

/** POST /api/auth/two-factor/setup/: a new secret for the app, in force once confirmed. */
export function startTwoFactorSetup(): Promise<AuthenticatorSetup> {
  return expectData(
    api.POST('/api/auth/two-factor/setup/', { headers: { 'Content-Type': 'application/json' } }),
  );
}

export function useStartTwoFactorSetup() {
  return useMutation({ mutationFn: startTwoFactorSetup });
}
