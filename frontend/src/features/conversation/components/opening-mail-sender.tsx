import { useTicketMail } from '../api/get-ticket-mail';
import { SenderCheck } from './message-item';

/** Whether the sender of the mail that opened a ticket is proven (for agents). */
export function OpeningMailSender({ ticketId }: { ticketId: number }) {
  const opening = useTicketMail(ticketId).data?.received.find((row) => row.message_id === null);
  return opening ? <SenderCheck received={opening} /> : null;
}
