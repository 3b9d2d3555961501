/** Validation messages keyed by field, as DRF sends them in a 400 body. */
export type FieldErrors = Record<string, string[]>;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Retry-After` as whole seconds; it may be a number of seconds or an HTTP date. */
function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** A non-2xx answer from the API, with the body parsed into the project's two error shapes. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly fieldErrors: FieldErrors;
  /** The parsed body, for answers that carry more than a message (a conflict's current ticket). */
  readonly body: unknown;
  /** Seconds the server asks us to wait (`Retry-After` on a 429 or 503), or null. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, body: unknown, headers?: Headers) {
    const parsed = ApiError.parse(body);
    super(parsed.detail ?? `The server answered with status ${status}.`);
    this.name = 'ApiError';
    this.status = status;
    this.code = parsed.code;
    this.fieldErrors = parsed.fieldErrors;
    this.body = body;
    this.retryAfterSeconds = parseRetryAfter(headers?.get('Retry-After') ?? null);
  }

  private static parse(body: unknown): {
    detail: string | null;
    code: string | null;
    fieldErrors: FieldErrors;
  } {
    if (!isRecord(body)) return { detail: null, code: null, fieldErrors: {} };
    if (typeof body.detail === 'string') {
      return {
        detail: body.detail,
        code: typeof body.code === 'string' ? body.code : null,
        fieldErrors: {},
      };
    }
    const fieldErrors: FieldErrors = {};
    for (const [field, messages] of Object.entries(body)) {
      if (isStringArray(messages)) fieldErrors[field] = messages;
    }
    const firstMessage = Object.values(fieldErrors)[0]?.[0] ?? null;
    return { detail: firstMessage, code: null, fieldErrors };
  }

  /** True when the API refused because nobody is signed in (DRF sends 403 for session auth). */
  get isSignedOut(): boolean {
    return this.status === 401 || (this.status === 403 && this.code === 'not_authenticated');
  }
}

/** A sentence for people, whatever went wrong (API error, network failure, bug). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection.';
  return 'Something went wrong.';
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
