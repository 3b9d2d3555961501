const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** Hours with one decimal, or a dash when there is nothing to average. */
export function formatHours(hours: number | null): string {
  return hours === null ? '—' : `${oneDecimal.format(hours)} h`;
}

export function formatNumber(value: number): string {
  return oneDecimal.format(value);
}

/** Cuts at a word boundary near `max` characters and adds an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > max * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
