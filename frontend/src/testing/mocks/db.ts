import type {
  Attachment,
  Category,
  Channel,
  ChannelStatus,
  Delivery,
  Message,
  NotificationChoice,
  Priority,
  ReceivedMail,
  SavedReply,
  Status,
  SuggestionSource,
  Taxonomy,
  Ticket,
  TicketEvent,
  TicketStats,
  TriageKept,
  User,
} from '@/lib/api/types';

/**
 * An in-memory stand-in for the backend's tables, reset after every test. Like the
 * server, it records an audit event for every change and counts a version per ticket.
 */
export const PASSWORD = 'correct-horse';

export const users: readonly User[] = [
  { id: 1, username: 'admin', display_name: 'Ada Admin', role: 'admin' },
  { id: 2, username: 'alex', display_name: 'Alex Agent', role: 'agent' },
  { id: 3, username: 'sam', display_name: 'Sam Support', role: 'agent' },
  { id: 4, username: 'maria', display_name: 'Maria Lopez', role: 'requester' },
  { id: 5, username: 'tom', display_name: 'Tom Baker', role: 'requester' },
];

export type Username = 'admin' | 'alex' | 'sam' | 'maria' | 'tom';

export function user(username: Username): User {
  const found = users.find((candidate) => candidate.username === username);
  if (!found) throw new Error(`No mock user ${username}.`);
  return found;
}

let tickets: Ticket[] = [];
let messages: Array<Message & { ticketId: number }> = [];
let events: Array<TicketEvent & { ticketId: number }> = [];
let attachments: Array<Attachment & { ticketId: number; internal: boolean }> = [];
let deliveries: Array<Delivery & { ticketId: number }> = [];
let received: Array<ReceivedMail & { ticketId: number }> = [];
let notificationChoices: NotificationChoice[] = [];
let nextId = 1;
let clock = Date.parse('2025-03-01T09:00:00Z');
/** Tests start signed in as an agent; `signIn`/`signOut` change that. */
let currentUser: User | null = user('alex');

function tick(): string {
  clock += 60_000;
  return new Date(clock).toISOString();
}

export function signedInUser(): User | null {
  return currentUser;
}

export function signIn(username: Username): User {
  currentUser = user(username);
  return currentUser;
}

export function signOut(): void {
  currentUser = null;
}

export function isStaff(person: User | null): boolean {
  return person?.role === 'agent' || person?.role === 'admin';
}

export const taxonomy: Taxonomy = {
  categories: [
    { value: 'billing', title: 'Billing', definition: 'payment issues' },
    { value: 'technical', title: 'Technical', definition: 'bugs and errors' },
    { value: 'account', title: 'Account', definition: 'login issues' },
    { value: 'general', title: 'General', definition: 'anything else' },
  ],
  priorities: [
    { value: 'critical', title: 'Critical', definition: 'system down' },
    { value: 'high', title: 'High', definition: 'major feature broken' },
    { value: 'medium', title: 'Medium', definition: 'workaround exists' },
    { value: 'low', title: 'Low', definition: 'minor' },
  ],
  statuses: [
    { value: 'open', title: 'Open' },
    { value: 'in_progress', title: 'In progress' },
    { value: 'pending', title: 'Pending' },
    { value: 'resolved', title: 'Resolved' },
    { value: 'closed', title: 'Closed' },
  ],
  sources: [
    { value: 'llm', title: 'Language model' },
    { value: 'local', title: 'Local model' },
  ],
  languages: [
    { value: 'en', title: 'English' },
    { value: 'de', title: 'German' },
    { value: 'fr', title: 'French' },
  ],
};

type EventInput = Partial<Omit<TicketEvent, 'id' | 'created_at'>> & {
  kind: TicketEvent['kind'];
};

export function addEvent(ticketId: number, input: EventInput): TicketEvent {
  const event = {
    ticketId,
    id: events.length + 1,
    actor: null,
    actor_kind: 'user' as const,
    source: '',
    old_value: null,
    new_value: null,
    data: {},
    ...input,
    created_at: tick(),
  };
  events.push(event);
  return event;
}

export type NewTicket = {
  title: string;
  description?: string;
  category?: Category;
  priority?: Priority;
  status?: Status;
  requester?: Username;
  assignee?: Username | null;
  /** The detected language's code. */
  language?: string;
  /** Where the suggestion at creation came from; null for none. */
  suggestedBy?: SuggestionSource | null;
  /** The suggested priority, when it differs from the ticket's (null: the model abstained). */
  suggestedPriority?: Priority | null;
  channel?: Channel;
  tags?: string[];
  sla?: Ticket['sla'];
};

export const NO_SLA: Ticket['sla'] = {
  policy: null,
  paused: false,
  first_response: null,
  next_response: null,
  resolution: null,
};

export function addTicket(input: NewTicket): Ticket {
  const now = tick();
  const requester = user(input.requester ?? 'maria');
  const category = input.category ?? 'general';
  const priority = input.priority ?? 'medium';
  const source = input.suggestedBy === undefined ? null : input.suggestedBy;
  const ticket: Ticket = {
    id: nextId++,
    title: input.title,
    description: input.description ?? `${input.title} — details`,
    category,
    priority,
    status: input.status ?? 'open',
    created_at: now,
    updated_at: now,
    resolved_at: null,
    requester,
    assignee: input.assignee ? user(input.assignee) : null,
    version: 1,
    channel: input.channel ?? 'web',
    language: input.language ?? null,
    duplicate_of: null,
    duplicates: [],
    suggestion: source
      ? {
          category,
          priority: input.suggestedPriority === undefined ? priority : input.suggestedPriority,
          source,
          confidence: 0.87,
          model_version: 'mock-1',
        }
      : null,
    tags: input.tags ?? [],
    sla: input.sla ?? NO_SLA,
    satisfaction: null,
  };
  tickets.push(ticket);
  addEvent(ticket.id, { kind: 'created', actor: requester, new_value: ticket.status });
  if (ticket.suggestion) {
    addEvent(ticket.id, {
      kind: 'triage_suggested',
      actor_kind: 'triage',
      source: ticket.suggestion.source,
      data: { category, priority, confidence: 0.87, model_version: 'mock-1' },
    });
  }
  return ticket;
}

export function seedTickets(count: number, input: Partial<NewTicket> = {}): Ticket[] {
  return Array.from({ length: count }, (_, index) =>
    addTicket({ title: `Ticket number ${index + 1}`, ...input }),
  );
}

export function findTicket(id: number): Ticket | undefined {
  return tickets.find((ticket) => ticket.id === id);
}

/** A ticket the signed-in user may see; another requester's ticket does not exist for them. */
export function visibleTicket(id: number): Ticket | undefined {
  const ticket = findTicket(id);
  if (!ticket || !currentUser) return undefined;
  if (isStaff(currentUser) || ticket.requester?.id === currentUser.id) return ticket;
  return undefined;
}

export function visibleTickets(): Ticket[] {
  return [...tickets]
    .sort((a, b) => b.id - a.id)
    .filter((ticket) => visibleTicket(ticket.id) !== undefined);
}

const CHANGE_KIND = {
  status: 'status_changed',
  category: 'category_changed',
  priority: 'priority_changed',
  title: 'title_changed',
  description: 'description_changed',
} as const;

export type TicketUpdate = Partial<
  Pick<Ticket, 'status' | 'category' | 'priority' | 'title' | 'description'>
> & { assignee_id?: number | null; tags?: string[] };

/** Changes a ticket as someone (by default the signed-in user) would: new version, audit events. */
export function updateTicket(
  id: number,
  changes: TicketUpdate,
  actor: User | null = currentUser,
): Ticket | undefined {
  const ticket = findTicket(id);
  if (!ticket) return undefined;
  const { assignee_id, tags, ...fields } = changes;
  if (tags !== undefined) {
    const wanted = [...new Set(tags.map((tag) => tag.trim().toLowerCase()))].sort();
    for (const tag of wanted.filter((tag) => !ticket.tags.includes(tag))) {
      addEvent(id, { kind: 'tag_added', actor, new_value: tag });
    }
    for (const tag of ticket.tags.filter((tag) => !wanted.includes(tag))) {
      addEvent(id, { kind: 'tag_removed', actor, old_value: tag });
    }
    ticket.tags = wanted;
  }
  for (const [field, kind] of Object.entries(CHANGE_KIND) as Array<
    [keyof typeof CHANGE_KIND, TicketEvent['kind']]
  >) {
    const value = fields[field];
    if (value === undefined || value === ticket[field]) continue;
    addEvent(id, { kind, actor, old_value: ticket[field], new_value: value });
  }
  if (assignee_id !== undefined && assignee_id !== (ticket.assignee?.id ?? null)) {
    addEvent(id, {
      kind: 'assignee_changed',
      actor,
      old_value: ticket.assignee ? String(ticket.assignee.id) : null,
      new_value: assignee_id === null ? null : String(assignee_id),
    });
  }
  const assignee =
    assignee_id === undefined
      ? ticket.assignee
      : (users.find((candidate) => candidate.id === assignee_id) ?? null);
  Object.assign(ticket, fields, { assignee, updated_at: tick(), version: ticket.version + 1 });
  return ticket;
}

export function addMessage(
  ticketId: number,
  {
    body,
    internal = false,
    author = currentUser,
    channel = 'web',
    files = [],
  }: {
    body: string;
    internal?: boolean;
    author?: User | null;
    channel?: Channel;
    files?: Array<{ name: string; size: number }>;
  },
): Message {
  const id = messages.length + 1;
  const stored = files.map((file) => addAttachment(ticketId, file, { messageId: id, internal }));
  const message = {
    ticketId,
    id,
    body,
    internal,
    author,
    created_at: tick(),
    channel,
    attachments: stored,
  };
  messages.push(message);
  addEvent(ticketId, { kind: internal ? 'note_added' : 'message_added', actor: author });
  return message;
}

export function addAttachment(
  ticketId: number,
  file: { name: string; size: number },
  { messageId = null, internal = false }: { messageId?: number | null; internal?: boolean } = {},
): Attachment {
  const id = attachments.length + 1;
  const attachment = {
    id,
    filename: file.name,
    content_type: 'application/octet-stream',
    size: file.size,
    is_inline: false,
    message_id: messageId,
    created_at: tick(),
    download_url: `/api/tickets/${ticketId}/attachments/${id}/`,
  };
  attachments.push({ ...attachment, ticketId, internal });
  return attachment;
}

export function attachmentsOf(ticketId: number): Attachment[] {
  return attachments
    .filter((file) => file.ticketId === ticketId && (isStaff(currentUser) || !file.internal))
    .map(({ ticketId: _ticketId, internal: _internal, ...file }) => file);
}

export function addDelivery(
  ticketId: number,
  delivery: Partial<Delivery> & { recipient: string },
): Delivery {
  const row: Delivery = {
    id: deliveries.length + 1,
    message_id: null,
    kind: 'public_reply',
    status: 'sent',
    error: '',
    created_at: tick(),
    sent_at: null,
    ...delivery,
  };
  deliveries.push({ ...row, ticketId });
  return row;
}

export function addReceived(
  ticketId: number,
  mail: Partial<ReceivedMail> & { message_id: number | null; sender: string },
): ReceivedMail {
  const row: ReceivedMail = {
    id: received.length + 1,
    subject: '',
    full_text: '',
    html: '',
    received_at: tick(),
    sender_verification: 'none',
    sender_verification_detail: 'no DKIM signature',
    ...mail,
  };
  received.push({ ...row, ticketId });
  return row;
}

export function receivedOf(ticketId: number): ReceivedMail[] {
  return received
    .filter((row) => row.ticketId === ticketId)
    .map(({ ticketId: _ticketId, ...row }) => row);
}

export function deliveriesOf(ticketId: number): Delivery[] {
  if (!isStaff(currentUser)) return [];
  return deliveries
    .filter((row) => row.ticketId === ticketId)
    .map(({ ticketId: _ticketId, ...row }) => row);
}

export const DEFAULT_CHOICES: NotificationChoice[] = [
  {
    kind: 'ticket_acknowledged',
    title: 'Acknowledgement of a new ticket',
    audience: 'customer',
    enabled: true,
  },
  { kind: 'public_reply', title: 'A reply on my ticket', audience: 'customer', enabled: true },
  { kind: 'ticket_resolved', title: 'My ticket was resolved', audience: 'customer', enabled: true },
  {
    kind: 'ticket_assigned',
    title: 'A ticket was assigned to me',
    audience: 'agent',
    enabled: true,
  },
  {
    kind: 'customer_reply',
    title: 'A customer replied on a ticket I hold',
    audience: 'agent',
    enabled: true,
  },
  { kind: 'new_ticket', title: 'A new ticket was opened', audience: 'agent', enabled: false },
];

export function choicesOf(): NotificationChoice[] {
  if (notificationChoices.length === 0)
    notificationChoices = DEFAULT_CHOICES.map((row) => ({ ...row }));
  return notificationChoices.filter((row) => isStaff(currentUser) || row.audience === 'customer');
}

export function choose(kind: NotificationChoice['kind'], enabled: boolean): NotificationChoice[] {
  choicesOf();
  notificationChoices = notificationChoices.map((row) =>
    row.kind === kind ? { ...row, enabled } : row,
  );
  return choicesOf();
}

export const mailStatus: ChannelStatus = {
  intake_mailbox: 'imaps://support@imap.example.com:993/INBOX',
  intake_webhook: true,
  fetch_interval_seconds: 60,
  last_poll_at: '2025-03-01T08:59:00Z',
  last_poll_succeeded: true,
  last_poll_error: '',
  last_success_at: '2025-03-01T08:59:00Z',
  sending_backend: 'django.core.mail.backends.smtp.EmailBackend',
  sending_configured: true,
  sending_server: 'smtp://smtp.example.com:587',
  from_address: 'support@example.com',
  quarantined: 2,
  undelivered: 1,
};

export function messagesOf(ticketId: number): Message[] {
  return messages
    .filter((message) => message.ticketId === ticketId)
    .filter((message) => isStaff(currentUser) || !message.internal)
    .map(({ ticketId: _ticketId, ...message }) => message);
}

export function eventsOf(ticketId: number): TicketEvent[] {
  return events
    .filter((event) => event.ticketId === ticketId)
    .map(({ ticketId: _ticketId, ...event }) => event);
}

function kept(suggested: Ticket[]): TriageKept {
  const categoryMade = suggested.filter((t) => t.suggestion?.category != null);
  const priorityMade = suggested.filter((t) => t.suggestion?.priority != null);
  const categoryKept = categoryMade.filter((t) => t.suggestion?.category === t.category).length;
  const priorityKept = priorityMade.filter((t) => t.suggestion?.priority === t.priority).length;
  return {
    suggested: suggested.length,
    category_kept: categoryKept,
    priority_kept: priorityKept,
    category_kept_rate: categoryMade.length ? categoryKept / categoryMade.length : null,
    priority_kept_rate: priorityMade.length ? priorityKept / priorityMade.length : null,
    category_abstained: suggested.length - categoryMade.length,
    priority_abstained: suggested.length - priorityMade.length,
  };
}

export function stats(): TicketStats {
  const count = <K extends string>(values: readonly K[], pick: (ticket: Ticket) => string) =>
    Object.fromEntries(
      values.map((value) => [value, tickets.filter((t) => pick(t) === value).length]),
    ) as Record<K, number>;
  const suggestedBy = (source: SuggestionSource) =>
    tickets.filter((ticket) => ticket.suggestion?.source === source);
  return {
    total_tickets: tickets.length,
    open_tickets: tickets.filter((ticket) => ticket.status === 'open').length,
    avg_tickets_per_day: tickets.length,
    status_breakdown: count(
      ['open', 'in_progress', 'pending', 'resolved', 'closed'],
      (t) => t.status,
    ),
    category_breakdown: count(['billing', 'technical', 'account', 'general'], (t) => t.category),
    priority_breakdown: count(['low', 'medium', 'high', 'critical'], (t) => t.priority),
    avg_resolution_hours: null,
    median_resolution_hours: null,
    triage: {
      ...kept(tickets.filter((ticket) => ticket.suggestion !== null)),
      by_source: { llm: kept(suggestedBy('llm')), local: kept(suggestedBy('local')) },
    },
    ...serviceLevelStats,
    satisfaction: satisfactionStats(),
  };
}

type SatisfactionFigures = Omit<
  TicketStats['satisfaction'],
  'by_agent' | 'by_category' | 'per_day'
>;

function satisfactionFigures(asked: Ticket[]): SatisfactionFigures {
  const good = asked.filter((t) => t.satisfaction?.rating === 'good').length;
  const bad = asked.filter((t) => t.satisfaction?.rating === 'bad').length;
  const ratings = good + bad;
  const rate = (part: number, whole: number) =>
    whole ? Math.round((part / whole) * 1000) / 1000 : null;
  return {
    asked: asked.length,
    ratings,
    good,
    bad,
    share_good: rate(good, ratings),
    response_rate: rate(ratings, asked.length),
  };
}

/** Like the server's counters, from the tickets' latest surveys (all resolved "today"). */
function satisfactionStats(): TicketStats['satisfaction'] {
  const asked = tickets.filter((t) => t.satisfaction !== null);
  const agents = [...new Set(asked.map((t) => t.assignee?.id ?? null))];
  const categories = ['billing', 'technical', 'account', 'general'] as const;
  const today = new Date().toISOString().slice(0, 10);
  return {
    ...satisfactionFigures(asked),
    by_agent: agents.map((id) => {
      const theirs = asked.filter((t) => (t.assignee?.id ?? null) === id);
      return {
        agent_id: id,
        name: theirs[0]?.assignee?.display_name ?? 'Unassigned',
        ...satisfactionFigures(theirs),
      };
    }),
    by_category: Object.fromEntries(
      categories.map((c) => [c, satisfactionFigures(asked.filter((t) => t.category === c))]),
    ) as TicketStats['satisfaction']['by_category'],
    per_day: [{ date: today, ...satisfactionFigures(asked) }],
  };
}

const noAttainment = { met: 0, breached: 0, attainment: null };
const perPriority = {
  critical: noAttainment,
  high: noAttainment,
  medium: noAttainment,
  low: noAttainment,
};

/** The dashboard's service-level figures; tests set them with `setServiceLevelStats`. */
let serviceLevelStats: Pick<TicketStats, 'first_response' | 'sla' | 'backlog'>;

function emptyServiceLevelStats(): typeof serviceLevelStats {
  return {
    first_response: { count: 0, avg_hours: null, median_hours: null, p90_hours: null },
    sla: {
      attainment: {
        first_response: perPriority,
        next_response: perPriority,
        resolution: perPriority,
      },
      breaches_per_day: [],
    },
    backlog: {
      unresolved: 0,
      by_age: {
        today: 0,
        '1_to_2_days': 0,
        '3_to_6_days': 0,
        '7_to_29_days': 0,
        '30_days_or_more': 0,
      },
      oldest_created_on: null,
    },
  };
}
serviceLevelStats = emptyServiceLevelStats();

export function setServiceLevelStats(figures: Partial<typeof serviceLevelStats>): void {
  serviceLevelStats = { ...serviceLevelStats, ...figures };
}

let savedReplies: SavedReply[] = [];

export function allSavedReplies(): SavedReply[] {
  return savedReplies.filter((reply) => reply.shared || reply.owner?.id === currentUser?.id);
}

export function addSavedReply(
  input: Partial<SavedReply> & { title: string; body: string; owner?: User | null },
): SavedReply {
  const reply: SavedReply = {
    id: savedReplies.length + 1,
    shared: input.owner === undefined ? true : input.owner === null,
    owner: input.owner ?? null,
    set_status: '',
    set_priority: '',
    set_assignee: null,
    add_tags: [],
    updated_at: tick(),
    ...input,
  };
  savedReplies.push(reply);
  return reply;
}

export function removeSavedReply(id: number): void {
  savedReplies = savedReplies.filter((reply) => reply.id !== id);
}

/** Fills the placeholders as the server does. */
export function renderReply(reply: SavedReply, ticket: Ticket): string {
  return reply.body
    .replace(/\{\{\s*requester\.name\s*\}\}/g, ticket.requester?.display_name ?? 'there')
    .replace(/\{\{\s*ticket\.number\s*\}\}/g, String(ticket.id))
    .replace(/\{\{\s*agent\.name\s*\}\}/g, currentUser?.display_name ?? '');
}

export function resetDb(): void {
  savedReplies = [];
  serviceLevelStats = emptyServiceLevelStats();
  tickets = [];
  messages = [];
  events = [];
  attachments = [];
  deliveries = [];
  received = [];
  notificationChoices = [];
  nextId = 1;
  clock = Date.parse('2025-03-01T09:00:00Z');
  currentUser = user('alex');
}
