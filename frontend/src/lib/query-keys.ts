import type { Category, LanguageCode, Priority, Status } from './api/types';

/** The ticket list filters, as they appear in the URL and the API's query string. */
export type TicketFilters = {
  category?: Category;
  priority?: Priority;
  status?: Status;
  search?: string;
  /** The detected language's ISO 639-1 code. */
  language?: LanguageCode;
  /** `me`, `none` (unassigned) or an agent's id; set by the list view, not the filter bar. */
  assignee?: string;
  /** Service-level state: a running target overdue, or due within the hour. */
  sla?: 'breached' | 'due_soon';
  tag?: string;
  /** The requester's rating of the latest resolution (`none`: not rated, or never asked). */
  rating?: 'good' | 'bad' | 'none';
  /** `due`: the next service-level due time first; absent: newest first. */
  ordering?: 'due';
};

/**
 * Every cached query's key, in one place because a change made in one feature
 * (a new ticket, a status change) must refresh data owned by another (the stats).
 */
export const queryKeys = {
  session: ['session'] as const,
  twoFactor: ['security', 'two-factor'] as const,
  signInSessions: ['security', 'sessions'] as const,
  staff: ['users', 'staff'] as const,
  tickets: ['tickets'] as const,
  ticketLists: () => [...queryKeys.tickets, 'list'] as const,
  ticketList: (filters: TicketFilters) => [...queryKeys.ticketLists(), filters] as const,
  ticket: (id: number) => [...queryKeys.tickets, 'detail', id] as const,
  messages: (ticketId: number) => ['messages', ticketId] as const,
  events: (ticketId: number) => ['events', ticketId] as const,
  attachments: (ticketId: number) => ['attachments', ticketId] as const,
  ticketMail: (ticketId: number) => ['mail', 'ticket', ticketId] as const,
  notificationChoices: ['mail', 'preferences'] as const,
  mailStatus: ['mail', 'status'] as const,
  stats: ['stats'] as const,
  savedReplies: ['saved-replies'] as const,
  similar: (ticketId: number) => ['assist', 'similar', ticketId] as const,
  summary: (ticketId: number) => ['assist', 'summary', ticketId] as const,
  incidents: ['assist', 'incidents'] as const,
  draftStats: ['assist', 'draft-stats'] as const,
  taxonomy: ['taxonomy'] as const,
};
