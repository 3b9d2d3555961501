import type { TicketEvent, User } from '@/lib/api/types';
import { displayName } from '@/lib/users';

/** Who did it: a person, the triage engine (naming its model) or the system. */
export function actorName(event: TicketEvent, sourceLabel: (value: string) => string): string {
  if (event.actor_kind === 'triage') {
    return event.source
      ? `Triage engine (${sourceLabel(event.source).toLowerCase()})`
      : 'Triage engine';
  }
  if (event.actor) return displayName(event.actor);
  return 'System';
}

type Labels = {
  status: (value: string) => string;
  category: (value: string) => string;
  priority: (value: string) => string;
  /** A user id (as the API sends it for assignee changes) to a name. */
  person: (id: string) => string;
};

const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

function fromTo(what: string, label: (value: string) => string, event: TicketEvent): string {
  const from = event.old_value ? ` from ${label(event.old_value)}` : '';
  const to = event.new_value ? ` to ${label(event.new_value)}` : '';
  return `changed ${what}${from}${to}`;
}

function assignment(event: TicketEvent, person: (id: string) => string): string {
  if (!event.new_value) {
    return event.old_value ? `unassigned ${person(event.old_value)}` : 'unassigned the ticket';
  }
  const from = event.old_value ? ` (was ${person(event.old_value)})` : '';
  return `assigned the ticket to ${person(event.new_value)}${from}`;
}

function suggestion(event: TicketEvent, labels: Labels): string {
  const category = text(event.data.category);
  const priority = text(event.data.priority);
  const confidence = typeof event.data.confidence === 'number' ? event.data.confidence : null;
  const parts = [category && labels.category(category), priority && labels.priority(priority)];
  const what = parts.filter(Boolean).join(', ') || 'nothing';
  return `suggested ${what}${confidence === null ? '' : ` (confidence ${percent.format(confidence)})`}`;
}

const TARGET_NAMES: Record<string, string> = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
};

function target(event: TicketEvent): string {
  const name = event.new_value ?? '';
  return TARGET_NAMES[name] ?? name;
}

/** A rating from the requester (signed in) or through a mail's link (recorded by the system). */
function satisfaction(event: TicketEvent): string {
  const rating = event.new_value === 'good' ? 'good' : 'bad';
  const comment =
    typeof event.data.comment === 'string' && event.data.comment
      ? ` (“${event.data.comment}”)`
      : '';
  const via = event.data.via === 'mail_link' ? ' from the resolved mail' : '';
  const verb = event.old_value
    ? `changed the rating to ${rating}`
    : `rated the resolution ${rating}`;
  return `${verb}${via}${comment}`;
}

/** What happened, as the rest of a sentence that starts with the actor's name. */
export function describeEvent(event: TicketEvent, labels: Labels): string {
  switch (event.kind) {
    case 'created':
      return 'created the ticket';
    case 'status_changed':
      return fromTo('status', labels.status, event);
    case 'category_changed':
      return fromTo('category', labels.category, event);
    case 'priority_changed':
      return fromTo('priority', labels.priority, event);
    case 'assignee_changed':
      return assignment(event, labels.person);
    case 'title_changed':
      return fromTo('the title', (value) => `“${value}”`, event);
    case 'description_changed':
      return 'edited the description';
    case 'triage_suggested':
      return suggestion(event, labels);
    case 'message_added':
      return 'replied';
    case 'note_added':
      return 'added an internal note';
    case 'tag_added':
      return `added the tag “${event.new_value ?? ''}”`;
    case 'tag_removed':
      return `removed the tag “${event.old_value ?? ''}”`;
    case 'sla_warning':
      return `warned: the ${target(event)} target is due soon`;
    case 'sla_breached':
      return `recorded a breach of the ${target(event)} target`;
    case 'satisfaction_rated':
      return satisfaction(event);
    default:
      return event.kind;
  }
}

/** Names for the user ids in assignee entries, from the staff directory. */
export function personLabel(staff: User[]): (id: string) => string {
  return (id) => {
    const person = staff.find((candidate) => String(candidate.id) === id);
    return person ? displayName(person) : `user #${id}`;
  };
}
