import { HttpResponse, http } from 'msw';
import type {
  BulkChanges,
  ClassifyResult,
  Credentials,
  MessageCreate,
  NotificationChange,
  SavedReplyInput,
  Ticket,
  TicketChanges,
  TicketCreate,
} from '@/lib/api/types';
import * as db from './db';
import { afterPassword, sessionUser } from './security';

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
    priority_confidence: 0.8,
  };
}

function problem(status: number, detail: string, code: string) {
  return HttpResponse.json({ detail, code }, { status });
}

const notSignedIn = () =>
  problem(401, 'Authentication credentials were not provided.', 'not_authenticated');
const agentsOnly = () => problem(403, 'Only support agents can do this.', 'permission_denied');
const ticketNotFound = () => problem(404, 'Ticket not found.', 'not_found');

/** Like the backend's permission classes: signed in, and for `staffOnly` an agent or admin. */
function refusal({ staffOnly = false } = {}): Response | null {
  const person = db.signedInUser();
  if (!person) return notSignedIn();
  if (staffOnly && !db.isStaff(person)) return agentsOnly();
  return null;
}

/** A JSON body, or the fields and files of a multipart one (as the app sends with files). */
async function readBody<T>(request: Request): Promise<{ body: T; files: File[] }> {
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    return { body: (await request.json()) as T, files: [] };
  }
  const form = await request.formData();
  const fields: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (name !== 'files' && typeof value === 'string') {
      fields[name] = value === 'true' ? true : value === 'false' ? false : value;
    }
  }
  return {
    body: fields as T,
    // Node's File, not jsdom's: no instanceof.
    files: form.getAll('files').filter((value): value is File => typeof value !== 'string'),
  };
}

function withEtag(ticket: { version: number }) {
  return { headers: { ETag: `"${ticket.version}"` } };
}

const TARGETS = ['first_response', 'next_response', 'resolution'] as const;

function breached(ticket: Ticket): boolean {
  return TARGETS.some((name) => ticket.sla?.[name]?.breached);
}

function nextDue(ticket: Ticket): number {
  const dues = TARGETS.flatMap((name) => {
    const target = ticket.sla?.[name];
    return target && target.state === 'running' ? [Date.parse(target.due)] : [];
  });
  return dues.length ? Math.min(...dues) : Number.POSITIVE_INFINITY;
}

export const handlers = [
  http.post('*/api/tickets/bulk/', async ({ request }) => {
    const refused = refusal({ staffOnly: true });
    if (refused) return refused;
    const { ids, changes } = (await request.json()) as { ids: number[]; changes: BulkChanges };
    const results = ids.map((id) => {
      const ticket = db.findTicket(id);
      if (!ticket) {
        return {
          id,
          ok: false,
          version: null,
          error: { detail: 'Ticket not found.', code: 'not_found' },
        };
      }
      const tags = [...ticket.tags, ...(changes.add_tags ?? [])].filter(
        (tag) => !(changes.remove_tags ?? []).includes(tag),
      );
      const updated = db.updateTicket(id, {
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.priority ? { priority: changes.priority } : {}),
        ...(changes.assignee_id !== undefined ? { assignee_id: changes.assignee_id } : {}),
        ...(changes.add_tags || changes.remove_tags ? { tags } : {}),
      });
      return { id, ok: true, version: updated?.version ?? null, error: null };
    });
    const changed = results.filter((result) => result.ok).length;
    return HttpResponse.json({ results, changed, failed: results.length - changed });
  }),
  http.get('*/api/saved-replies/', () => {
    const refused = refusal({ staffOnly: true });
    return refused ?? HttpResponse.json(db.allSavedReplies());
  }),
  http.post('*/api/saved-replies/', async ({ request }) => {
    const refused = refusal({ staffOnly: true });
    if (refused) return refused;
    const input = (await request.json()) as SavedReplyInput;
    if (!input.title?.trim()) {
      return HttpResponse.json({ title: ['This field may not be blank.'] }, { status: 400 });
    }
    if (input.shared && db.signedInUser()?.role !== 'admin') {
      return problem(403, 'Only admins manage shared saved replies.', 'permission_denied');
    }
    const { set_assignee_id: _assignee, shared, ...fields } = input;
    const reply = db.addSavedReply({
      ...fields,
      title: input.title,
      body: input.body,
      owner: shared ? null : db.signedInUser(),
    } as Parameters<typeof db.addSavedReply>[0]);
    return HttpResponse.json(reply, { status: 201 });
  }),
  http.delete('*/api/saved-replies/:id/', ({ params }) => {
    db.removeSavedReply(Number(params.id));
    return new HttpResponse(null, { status: 204 });
  }),
  http.post('*/api/saved-replies/:id/preview/', async ({ params, request }) => {
    const { ticket_id } = (await request.json()) as { ticket_id: number };
    const reply = db.allSavedReplies().find((candidate) => candidate.id === Number(params.id));
    const ticket = db.findTicket(ticket_id);
    if (!reply || !ticket) return problem(404, 'Saved reply not found.', 'not_found');
    return HttpResponse.json({ body: db.renderReply(reply, ticket) });
  }),
  http.post('*/api/saved-replies/:id/send/', async ({ params, request }) => {
    const { ticket_id, body, internal } = (await request.json()) as {
      ticket_id: number;
      body: string;
      internal: boolean;
    };
    const reply = db.allSavedReplies().find((candidate) => candidate.id === Number(params.id));
    const ticket = db.findTicket(ticket_id);
    if (!reply || !ticket) return problem(404, 'Saved reply not found.', 'not_found');
    const message = db.addMessage(ticket.id, { body, internal });
    const updated = db.updateTicket(ticket.id, {
      ...(reply.set_status ? { status: reply.set_status } : {}),
      ...(reply.set_priority ? { priority: reply.set_priority } : {}),
      ...(reply.add_tags.length ? { tags: [...ticket.tags, ...reply.add_tags] } : {}),
    });
    return HttpResponse.json({ message, ticket: updated }, { status: 201 });
  }),
  http.get('*/api/auth/session/', () => {
    const person = db.signedInUser();
    return person ? HttpResponse.json(sessionUser(person)) : notSignedIn();
  }),
  http.post('*/api/auth/login/', async ({ request }) => {
    const { username, password } = (await request.json()) as Credentials;
    const errors: Record<string, string[]> = {};
    if (!username?.trim()) errors.username = ['This field may not be blank.'];
    if (!password) errors.password = ['This field may not be blank.'];
    if (Object.keys(errors).length > 0) return HttpResponse.json(errors, { status: 400 });
    const person = db.users.find((candidate) => candidate.username === username);
    if (!person || password !== db.PASSWORD) {
      return HttpResponse.json(
        { non_field_errors: ['Unknown username or wrong password.'] },
        { status: 400 },
      );
    }
    return afterPassword(person.username as db.Username);
  }),
  http.post('*/api/auth/logout/', () => {
    db.signOut();
    return new HttpResponse(null, { status: 204 });
  }),
  http.get('*/api/users/', ({ request }) => {
    const refused = refusal({ staffOnly: true });
    if (refused) return refused;
    const role = new URL(request.url).searchParams.get('role');
    return HttpResponse.json(
      db.users.filter((person) => (role ? person.role === role : db.isStaff(person))),
    );
  }),
  http.get('*/api/taxonomy/', () => HttpResponse.json(db.taxonomy)),
  http.get(
    '*/api/tickets/stats/',
    () => refusal({ staffOnly: true }) ?? HttpResponse.json(db.stats()),
  ),
  http.post('*/api/tickets/classify/', async ({ request }) => {
    const { description } = (await request.json()) as { description: string };
    return refusal() ?? HttpResponse.json(classifyByKeywords(description));
  }),
  http.get('*/api/tickets/', ({ request }) => {
    const refused = refusal();
    if (refused) return refused;
    const url = new URL(request.url);
    const params = url.searchParams;
    const me = db.signedInUser();
    const assignee = params.get('assignee');
    const requester = params.get('requester');
    const words = (params.get('search') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matching = db
      .visibleTickets()
      .filter(
        (ticket) =>
          (!params.get('category') || ticket.category === params.get('category')) &&
          (!params.get('priority') || ticket.priority === params.get('priority')) &&
          (!params.get('status') || ticket.status === params.get('status')) &&
          (!assignee ||
            (assignee === 'none' && ticket.assignee === null) ||
            (assignee === 'me' && ticket.assignee?.id === me?.id) ||
            String(ticket.assignee?.id) === assignee) &&
          (!requester || String(ticket.requester?.id) === requester) &&
          words.every((word) =>
            `${ticket.title} ${ticket.description}`.toLowerCase().includes(word),
          ) &&
          (!params.get('tag') || ticket.tags.includes(String(params.get('tag')).toLowerCase())) &&
          (params.get('sla') !== 'breached' || breached(ticket)) &&
          (!params.get('rating') ||
            (ticket.satisfaction?.rating ?? 'none') === params.get('rating')),
      );
    if (params.get('ordering') === 'due') matching.sort((a, b) => nextDue(a) - nextDue(b));
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
    const refused = refusal();
    if (refused) return refused;
    const { body, files } = await readBody<TicketCreate>(request);
    const errors: Record<string, string[]> = {};
    if (!body.title?.trim()) errors.title = ['This field may not be blank.'];
    if (!body.description?.trim()) errors.description = ['This field may not be blank.'];
    if (Object.keys(errors).length > 0) return HttpResponse.json(errors, { status: 400 });
    const ticket = db.addTicket({
      title: body.title,
      description: body.description,
      ...(body.category ? { category: body.category } : {}),
      ...(body.priority ? { priority: body.priority } : {}),
      requester: db.signedInUser()?.username as db.Username,
    });
    for (const file of files) db.addAttachment(ticket.id, file);
    return HttpResponse.json(ticket, { status: 201, ...withEtag(ticket) });
  }),
  http.get('*/api/tickets/:id/', ({ params }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    return HttpResponse.json(ticket, withEtag(ticket));
  }),
  http.patch('*/api/tickets/:id/', async ({ params, request }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    const refused = refusal({ staffOnly: true });
    if (refused) return refused;
    const expected = request.headers.get('If-Match')?.replaceAll('"', '');
    if (expected !== undefined && Number(expected) !== ticket.version) {
      return HttpResponse.json(
        {
          detail: `The ticket was changed by someone else (now version ${ticket.version}). Reload it and retry.`,
          code: 'conflict',
          current: ticket,
        },
        { status: 409, ...withEtag(ticket) },
      );
    }
    const changes = (await request.json()) as TicketChanges;
    const updated = db.updateTicket(ticket.id, changes);
    return HttpResponse.json(updated, updated ? withEtag(updated) : {});
  }),
  http.get('*/api/tickets/:id/messages/', ({ params }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    return HttpResponse.json(db.messagesOf(ticket.id));
  }),
  http.post('*/api/tickets/:id/messages/', async ({ params, request }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    const {
      body: { body, internal },
      files,
    } = await readBody<MessageCreate>(request);
    if (!body?.trim()) {
      return HttpResponse.json({ body: ['This field may not be blank.'] }, { status: 400 });
    }
    if (internal && !db.isStaff(db.signedInUser())) {
      return problem(403, 'Only support agents can write internal notes.', 'permission_denied');
    }
    return HttpResponse.json(db.addMessage(ticket.id, { body, internal, files }), { status: 201 });
  }),
  http.get('*/api/tickets/:id/attachments/', ({ params }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    return HttpResponse.json(db.attachmentsOf(ticket.id));
  }),
  http.get('*/api/mail/tickets/:id/', ({ params }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    return HttpResponse.json({
      received: db.receivedOf(ticket.id),
      deliveries: db.deliveriesOf(ticket.id),
    });
  }),
  http.get('*/api/mail/preferences/', () => refusal() ?? HttpResponse.json(db.choicesOf())),
  http.patch('*/api/mail/preferences/', async ({ request }) => {
    const refused = refusal();
    if (refused) return refused;
    const { kind, enabled } = (await request.json()) as NotificationChange;
    return HttpResponse.json(db.choose(kind as NonNullable<typeof kind>, Boolean(enabled)));
  }),
  http.get('*/api/mail/status/', () => {
    const person = db.signedInUser();
    if (!person) return notSignedIn();
    if (person.role !== 'admin')
      return problem(403, 'Only admins can do this.', 'permission_denied');
    return HttpResponse.json(db.mailStatus);
  }),
  http.get('*/api/tickets/:id/events/', ({ params }) => {
    const ticket = db.visibleTicket(Number(params.id));
    if (!ticket) return refusal() ?? ticketNotFound();
    return refusal({ staffOnly: true }) ?? HttpResponse.json(db.eventsOf(ticket.id));
  }),
];
