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

/** A span of minutes in words: `2 h 5 min`, `3 d 4 h`, `45 min`. */
export function formatMinutes(total: number): string {
  const minutes = Math.abs(Math.round(total));
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** A share as a whole percentage, or a dash when nothing was counted. */
export function formatPercent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}
