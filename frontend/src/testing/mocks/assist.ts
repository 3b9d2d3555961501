import { HttpResponse, http } from 'msw';
import type {
  DraftStats,
  Incident,
  IncidentReply,
  ReplyDraft,
  SimilarTicket,
  ThreadSummary,
} from '@/lib/api/types';
import * as db from './db';

/** Assistance's answers in the mock API: set per test, reset after each one. */
type AssistState = {
  similar: Map<number, SimilarTicket[]>;
  drafts: ReplyDraft[];
  nextDraft: Omit<ReplyDraft, 'id' | 'outcome' | 'created_at'> | null;
  summary: ThreadSummary | null;
  incidents: Incident[];
  draftStats: DraftStats;
};

function outcomes() {
  return {
    offered: 0,
    sent_unchanged: 0,
    edited: 0,
    discarded: 0,
    pending: 0,
    sent_unchanged_rate: null,
    edited_rate: null,
    discarded_rate: null,
    mean_edit_ratio: null,
  };
}

const initial = (): AssistState => ({
  similar: new Map(),
  drafts: [],
  nextDraft: null,
  summary: null,
  incidents: [],
  draftStats: {
    total: outcomes(),
    by_source: { llm: outcomes(), retrieval: outcomes() },
    no_draft: 0,
  },
});

export let assist: AssistState = initial();

export function resetAssist(): void {
  assist = initial();
}

const NOT_AVAILABLE: ThreadSummary = {
  available: false,
  reason: 'no_language_model',
  wants: '',
  tried: '',
  pending: '',
  cached: false,
  generated_at: null,
  message_count: 0,
};

function staffOnly(): Response | null {
  const person = db.signedInUser();
  if (!person)
    return HttpResponse.json(
      { detail: 'Not signed in.', code: 'not_authenticated' },
      { status: 401 },
    );
  if (!db.isStaff(person)) {
    return HttpResponse.json(
      { detail: 'Only support agents can use assistance.', code: 'permission_denied' },
      { status: 403 },
    );
  }
  return null;
}

export const assistHandlers = [
  http.get(
    '*/api/tickets/:id/similar/',
    ({ params }) => staffOnly() ?? HttpResponse.json(assist.similar.get(Number(params.id)) ?? []),
  ),
  http.get(
    '*/api/tickets/:id/summary/',
    () => staffOnly() ?? HttpResponse.json(assist.summary ?? NOT_AVAILABLE),
  ),
  http.post('*/api/tickets/:id/draft/', () => {
    const refused = staffOnly();
    if (refused) return refused;
    const draft: ReplyDraft = {
      id: assist.drafts.length + 1,
      outcome: 'pending',
      created_at: new Date().toISOString(),
      ...(assist.nextDraft ?? { source: 'none', body: '', sources: [], reason: 'nothing_similar' }),
    };
    assist.drafts.push(draft);
    return HttpResponse.json(draft, { status: 201 });
  }),
  http.post('*/api/tickets/:id/draft/discard/', async ({ request }) => {
    const { draft_id } = (await request.json()) as { draft_id: number };
    const draft = assist.drafts.find((item) => item.id === draft_id);
    if (!draft)
      return HttpResponse.json({ detail: 'Draft not found.', code: 'not_found' }, { status: 404 });
    Object.assign(draft, { outcome: 'discarded' });
    return HttpResponse.json(draft);
  }),
  http.post('*/api/tickets/:id/duplicate/', async ({ params, request }) => {
    const { duplicate_of } = (await request.json()) as { duplicate_of: number };
    const ticket = db.findTicket(Number(params.id));
    const original = db.findTicket(duplicate_of);
    if (!ticket || !original)
      return HttpResponse.json({ detail: 'Ticket not found.', code: 'not_found' }, { status: 404 });
    ticket.status = 'closed';
    Object.assign(ticket, { duplicate_of });
    original.duplicates.push(ticket.id);
    return HttpResponse.json(ticket);
  }),
  http.post('*/api/tickets/:id/merge/', async ({ params, request }) => {
    const { into } = (await request.json()) as { into: number };
    const ticket = db.findTicket(Number(params.id));
    if (!ticket || !db.findTicket(into)) {
      return HttpResponse.json({ detail: 'Ticket not found.', code: 'not_found' }, { status: 404 });
    }
    ticket.status = 'closed';
    Object.assign(ticket, { duplicate_of: into });
    return HttpResponse.json(ticket);
  }),
  http.get(
    '*/api/incidents/',
    () => staffOnly() ?? HttpResponse.json(assist.incidents.filter((i) => i.status === 'open')),
  ),
  http.post('*/api/incidents/:id/reply/', async ({ params, request }) => {
    const incident = assist.incidents.find((item) => item.id === Number(params.id));
    if (!incident)
      return HttpResponse.json(
        { detail: 'Incident not found.', code: 'not_found' },
        { status: 404 },
      );
    const { body, resolve } = (await request.json()) as IncidentReply;
    const replied = incident.tickets.map((ticket) => ticket.id);
    for (const id of replied) db.addMessage(id, { body });
    if (resolve) incident.status = 'resolved';
    return HttpResponse.json({ incident, replied, resolved: resolve ? replied : [] });
  }),
  http.get('*/api/drafts/stats/', () => staffOnly() ?? HttpResponse.json(assist.draftStats)),
];
