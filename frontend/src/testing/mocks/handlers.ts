import { HttpResponse, http } from 'msw';
import type { ClassifyResult, TicketChanges, TicketCreate } from '@/lib/api/types';
import * as db from './db';

/** Every request the tests' API has seen, so tests can check what the app sent. */
export const requests: Request[] = [];

export function requestsTo(method: string, pathname: string): Request[] {
  return requests.filter(
    (request) => request.method === method && new URL(request.url).pathname === pathname,
  );
}

/** A keyword classifier, enough to tell suggestions apart in tests. */
export function classifyByKeywords(description: string): ClassifyResult {
  const text = description.toLowerCase();
  return {
    suggested_category: text.includes('invoice') ? 'billing' : 'technical',
    suggested_priority: text.includes('down') ? 'critical' : 'high',
    llm_available: true,
    source: 'llm',
    confidence: 0.87,
  };
}

export const handlers = [
  http.get('*/api/taxonomy/', () => HttpResponse.json(db.taxonomy)),
  http.get('*/api/tickets/stats/', () => HttpResponse.json(db.stats())),
  http.post('*/api/tickets/classify/', async ({ request }) => {
    const { description } = (await request.json()) as { description: string };
    return HttpResponse.json(classifyByKeywords(description));
  }),
  http.get('*/api/tickets/', ({ request }) => {
    const url = new URL(request.url);
    const params = url.searchParams;
    const words = (params.get('search') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matching = db
      .newestFirst()
      .filter(
        (ticket) =>
          (!params.get('category') || ticket.category === params.get('category')) &&
          (!params.get('priority') || ticket.priority === params.get('priority')) &&
          (!params.get('status') || ticket.status === params.get('status')) &&
          words.every((word) =>
            `${ticket.title} ${ticket.description}`.toLowerCase().includes(word),
          ),
      );
    // The real cursor is opaque; here it is simply the offset.
    const offset = Number(params.get('cursor') ?? 0);
    const size = Number(params.get('page_size') ?? 50);
    const page = matching.slice(offset, offset + size);
    const headers = new Headers();
    if (offset + size < matching.length) {
      const next = new URL(url);
      next.searchParams.set('cursor', String(offset + size));
      headers.set('Link', `<${next.href}>; rel="next"`);
    }
    return HttpResponse.json(page, { headers });
  }),
  http.post('*/api/tickets/', async ({ request }) => {
    const body = (await request.json()) as TicketCreate;
    const errors: Record<string, string[]> = {};
    if (!body.title?.trim()) errors.title = ['This field may not be blank.'];
    if (!body.description?.trim()) errors.description = ['This field may not be blank.'];
    if (Object.keys(errors).length > 0) return HttpResponse.json(errors, { status: 400 });
    return HttpResponse.json(db.addTicket(body), { status: 201 });
  }),
  http.get('*/api/tickets/:id/', ({ params }) => {
    const ticket = db.findTicket(Number(params.id));
    if (!ticket) {
      return HttpResponse.json({ detail: 'Ticket not found.', code: 'not_found' }, { status: 404 });
    }
    return HttpResponse.json(ticket);
  }),
  http.patch('*/api/tickets/:id/', async ({ params, request }) => {
    const changes = (await request.json()) as TicketChanges;
    const ticket = db.updateTicket(Number(params.id), changes);
    if (!ticket) {
      return HttpResponse.json({ detail: 'Ticket not found.', code: 'not_found' }, { status: 404 });
    }
    return HttpResponse.json(ticket);
  }),
];
