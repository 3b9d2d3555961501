import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '@/lib/api/errors';
import { queryKeys } from '@/lib/query-keys';
import {
  conflictingTicket,
  isConflict,
  type UpdateTicketInput,
  useStoreTicket,
  useUpdateTicket,
} from '../api/update-ticket';

/** Why the last change did not stick; a conflict can be cleared by loading the current ticket. */
export type ChangeProblem = { message: string; conflict: boolean };

type Describe = {
  /** The change in words, e.g. "status to Resolved". */
  what: string;
  /** What the control shows again now the change is undone, e.g. "It is back to Open." */
  restored: string;
};

/**
 * Saves one change to a ticket and explains a refusal. A 409 means someone else changed
 * the ticket since this copy was loaded: the change is undone and "Reload" shows theirs.
 */
export function useTicketChange(ticketId: number) {
  const update = useUpdateTicket();
  const storeTicket = useStoreTicket();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ChangeProblem | null>(null);
  const [current, setCurrent] = useState<ReturnType<typeof conflictingTicket>>(null);

  function change(input: UpdateTicketInput, { what, restored }: Describe) {
    setProblem(null);
    update.mutate(input, {
      onError: (error) => {
        if (isConflict(error)) {
          setCurrent(conflictingTicket(error));
          setProblem({
            conflict: true,
            message: `Someone else changed this ticket while you had it open, so your change of ${what} was not saved. Reload to see the current ticket, then try again.`,
          });
        } else {
          setProblem({
            conflict: false,
            message: `Could not change ${what}: ${errorMessage(error)} ${restored}`,
          });
        }
      },
    });
  }

  /** Shows the server's current copy, then puts focus on `focusId` (the button goes away). */
  function reload(focusId: string) {
    if (current) storeTicket(current);
    else void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(ticketId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.ticketLists() });
    setProblem(null);
    setCurrent(null);
    document.getElementById(focusId)?.focus();
  }

  return { change, problem, reload, isPending: update.isPending };
}
