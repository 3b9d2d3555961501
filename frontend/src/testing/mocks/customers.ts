import { HttpResponse, http } from 'msw';
import type { Rating, Ticket } from '@/lib/api/types';
import * as db from './db';

/** The customer side's mock state: whether the public form is open, the links mailed. */
let publicRequestsEnabled = true;
// Form tokens handed out, and those that filed a request (each files one, as on the server).
let formTokensIssued = 0;
const usedFormTokens = new Set<string>();
const signInTokens = new Map<string, { username: db.Username; next: string }>();
const ratingTokens = new Map<string, number>();

export function resetCustomers(): void {
  publicRequestsEnabled = true;
  formTokensIssued = 0;
  usedFormTokens.clear();
  signInTokens.clear();
  ratingTokens.clear();
}

export function setPublicRequestsEnabled(enabled: boolean): void {
  publicRequestsEnabled = enabled;
}

/** A mailed sign-in link's token (it works once). */
export function mailSignInLink(username: db.Username, next: string): string {
  const token = `sign-in-${signInTokens.size + 1}`;
  signInTokens.set(token, { username, next });
  return token;
}

/** Resolve a ticket so that its requester is asked; returns the mail's rating token. */
export function resolveAndAsk(ticketId: number): string {
  db.updateTicket(ticketId, { status: 'resolved' });
  setSatisfaction(ticketId, { resolution: 1, rating: null, comment: '', rated_at: null });
  const token = `rate-${ticketId}`;
  ratingTokens.set(token, ticketId);
  return token;
}

function setSatisfaction(
  ticketId: number,
  satisfaction: Ticket['satisfaction'],
): Ticket | undefined {
  const ticket = db.findTicket(ticketId);
  if (ticket) Object.assign(ticket, { satisfaction });
  return ticket;
}

function rate(ticketId: number, rating: Rating, comment: string | undefined): Ticket | undefined {
  const before = db.findTicket(ticketId)?.satisfaction;
  if (!before) return undefined;
  return setSatisfaction(ticketId, {
    ...before,
    rating,
    comment: comment ?? before.comment,
    rated_at: '2025-03-01T12:00:00Z',
  });
}

export const customerHandlers = [
  http.get('*/api/public/form/', () =>
    HttpResponse.json({
      enabled: publicRequestsEnabled,
      form_token: publicRequestsEnabled ? `form-token-${++formTokensIssued}` : '',
      min_fill_seconds: 0,
      max_attachment_bytes: 10_000_000,
      max_attachments: 20,
    }),
  ),
  http.post('*/api/public/tickets/', async ({ request }) => {
    if (!publicRequestsEnabled) {
      return HttpResponse.json(
        {
          detail: 'Requests through the public form are turned off here.',
          code: 'permission_denied',
        },
        { status: 403 },
      );
    }
    const body = (await request.json()) as Record<string, string>;
    const token = body.form_token ?? '';
    if (usedFormTokens.has(token)) {
      return HttpResponse.json(
        { detail: 'This form was already sent and your request is filed.', code: 'conflict' },
        { status: 409 },
      );
    }
    usedFormTokens.add(token);
    const ticket = db.addTicket({ title: body.title ?? '', description: body.description ?? '' });
    return HttpResponse.json(
      { ticket_number: ticket.id, detail: 'Thank you: your request is filed.' },
      { status: 202 },
    );
  }),
  http.post('*/api/auth/magic-link/', () =>
    HttpResponse.json(
      { detail: 'If this address belongs to an account, a sign-in link is on its way.' },
      { status: 202 },
    ),
  ),
  http.post('*/api/auth/magic-link/sign-in/', async ({ request }) => {
    const { token } = (await request.json()) as { token: string };
    const link = signInTokens.get(token);
    if (!link) {
      return HttpResponse.json(
        { token: ['This sign-in link has expired or was already used. Ask for a new one.'] },
        { status: 400 },
      );
    }
    signInTokens.delete(token);
    return HttpResponse.json({ user: db.signIn(link.username), next: link.next });
  }),
  http.post('*/api/public/ratings/', async ({ request }) => {
    const { token, rating, comment } = (await request.json()) as {
      token: string;
      rating: Rating;
      comment?: string;
    };
    const ticketId = ratingTokens.get(token);
    const ticket = ticketId === undefined ? undefined : rate(ticketId, rating, comment);
    if (!ticket?.satisfaction) {
      return HttpResponse.json(
        { detail: 'This rating link is not valid.', code: 'invalid' },
        { status: 400 },
      );
    }
    return HttpResponse.json({
      ticket_number: ticket.id,
      title: ticket.title,
      resolution: ticket.satisfaction.resolution,
      rating,
      comment: ticket.satisfaction.comment,
    });
  }),
  http.put('*/api/tickets/:id/satisfaction/', async ({ params, request }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket?.satisfaction)
      return HttpResponse.json({ detail: 'Not found.', code: 'not_found' }, { status: 404 });
    const { rating, comment } = (await request.json()) as { rating: Rating; comment?: string };
    return HttpResponse.json(rate(ticket.id, rating, comment));
  }),
];
