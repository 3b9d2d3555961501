import type { Category, Priority, Status, Taxonomy, Ticket, TicketStats } from '@/lib/api/types';

/** An in-memory stand-in for the backend's tickets table, reset after every test. */
let tickets: Ticket[] = [];
let nextId = 1;
let clock = Date.parse('2025-03-01T09:00:00Z');

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
    { value: 'resolved', title: 'Resolved' },
    { value: 'closed', title: 'Closed' },
  ],
};

export type NewTicket = {
  title: string;
  description?: string;
  category?: Category;
  priority?: Priority;
  status?: Status;
};

export function addTicket(input: NewTicket): Ticket {
  clock += 60_000;
  const now = new Date(clock).toISOString();
  const ticket: Ticket = {
    id: nextId++,
    title: input.title,
    description: input.description ?? `${input.title} — details`,
    category: input.category ?? 'general',
    priority: input.priority ?? 'medium',
    status: input.status ?? 'open',
    created_at: now,
    updated_at: now,
    resolved_at: null,
  };
  tickets.push(ticket);
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

export function updateTicket(id: number, changes: Partial<Ticket>): Ticket | undefined {
  const ticket = findTicket(id);
  if (!ticket) return undefined;
  Object.assign(ticket, changes, { updated_at: new Date(clock).toISOString() });
  return ticket;
}

export function newestFirst(): Ticket[] {
  return [...tickets].sort((a, b) => b.id - a.id);
}

export function stats(): TicketStats {
  const count = <K extends string>(values: readonly K[], pick: (ticket: Ticket) => string) =>
    Object.fromEntries(
      values.map((value) => [value, tickets.filter((t) => pick(t) === value).length]),
    ) as Record<K, number>;
  return {
    total_tickets: tickets.length,
    open_tickets: tickets.filter((ticket) => ticket.status === 'open').length,
    avg_tickets_per_day: tickets.length,
    status_breakdown: count(['open', 'in_progress', 'resolved', 'closed'], (t) => t.status),
    category_breakdown: count(['billing', 'technical', 'account', 'general'], (t) => t.category),
    priority_breakdown: count(['low', 'medium', 'high', 'critical'], (t) => t.priority),
    avg_resolution_hours: null,
    median_resolution_hours: null,
  };
}

export function resetDb(): void {
  tickets = [];
  nextId = 1;
  clock = Date.parse('2025-03-01T09:00:00Z');
}
