import { useMutation } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import type { SessionUser } from '@/lib/api/types';
import { useSignedIn } from './login';

/** POST /api/auth/login/verify/: the code from the authenticator app, or a recovery code. */
export function verifyCode(code: string): Promise<SessionUser> {
  return expectData(api.POST('/api/auth/login/verify/', { body: { code } }));
}

export function useVerifyCode() {
  const signedIn = useSignedIn();
  return useMutation({ mutationFn: verifyCode, onSuccess: signedIn });
}
