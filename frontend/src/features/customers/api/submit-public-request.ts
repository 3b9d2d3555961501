import { useMutation } from '@tanstack/react-query';
import { api, expectData } from '@/lib/api/client';
import { withFiles } from '@/lib/api/form-data';
import type { PublicTicketAccepted, PublicTicketInput } from '@/lib/api/types';

export type PublicRequestInput = PublicTicketInput & { files?: File[] };

/** POST /api/public/tickets/ (multipart with files, JSON without): 202 with the ticket number. */
export async function submitPublicRequest({
  files = [],
  ...input
}: PublicRequestInput): Promise<PublicTicketAccepted> {
  return expectData(
    api.POST('/api/public/tickets/', {
      body: input,
      ...(files.length > 0 ? { bodySerializer: () => withFiles(input, files) } : {}),
    }),
  );
}

export function useSubmitPublicRequest() {
  return useMutation({ mutationFn: submitPublicRequest });
}
