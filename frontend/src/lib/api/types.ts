import type { components } from './schema';

type Schemas = components['schemas'];

/** Makes the listed keys required, keeping the rest as generated. */
type WithRequired<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

export type Category = Schemas['CategoryEnum'];
export type Priority = Schemas['PriorityEnum'];
export type Status = Schemas['StatusEnum'];

/**
 * A ticket as the API returns it. The schema marks fields with model defaults as
 * optional (they are optional on input), but the server always sends them.
 */
export type Ticket = WithRequired<Schemas['Ticket'], 'category' | 'priority' | 'status'>;
export type TicketCreate = Schemas['TicketRequest'];
export type TicketChanges = Schemas['PatchedTicketRequest'];
export type TicketStats = Schemas['TicketStats'];
export type Taxonomy = Schemas['Taxonomy'];
export type ClassifyResult = Schemas['ClassifyResponse'];
export type SuggestionSource = Schemas['SourceEnum'];

/** Narrows a generated ticket to `Ticket`; safe because the server always sends those fields. */
export function asTicket(ticket: Schemas['Ticket']): Ticket {
  return ticket as Ticket;
}
