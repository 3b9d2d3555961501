import { HttpResponse, http } from 'msw';
import type { SessionUser, SignInSession, User } from '@/lib/api/types';
import * as db from './db';

/**
 * The mock API's sign-in security: who has two-factor sign-in on, the code the pretend
 * authenticator app shows, the recovery codes, and the signed-in person's sessions.
 */
export const APP_CODE = '123456';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

let enabled = new Set<db.Username>();
let recoveryCodes: string[] = [];
let pending: db.Username | null = null;
let owed: 'verify' | 'setup' | null = null;
let required = false;
let sessions: SignInSession[] = [];

export function resetSecurity(): void {
  enabled = new Set();
  recoveryCodes = [];
  pending = null;
  owed = null;
  required = false;
  sessions = [];
}

/** Two-factor sign-in on for `username`, with these recovery codes. */
export function enableTwoFactor(
  username: db.Username,
  codes = ['aaaaa-bbbbb', 'ccccc-ddddd'],
): void {
  enabled.add(username);
  recoveryCodes = [...codes];
}

/** The signed-in session owes this step (`setup`: required and not set up yet). */
export function oweSecondFactor(
  step: 'verify' | 'setup' | null,
  { isRequired = false } = {},
): void {
  owed = step;
  required = isRequired;
}

export function setSignInSessions(rows: SignInSession[]): void {
  sessions = rows;
}

export function signInSessions(): SignInSession[] {
  return sessions;
}

/** What the password step answers for this person: signed in, or a code is wanted. */
export function afterPassword(username: db.Username): Response {
  if (enabled.has(username)) {
    pending = username;
    return HttpResponse.json(
      { second_factor: 'verify', detail: 'Enter the code from your authenticator app.' },
      { status: 202 },
    );
  }
  return HttpResponse.json(sessionUser(db.signIn(username)));
}

export function sessionUser(person: User): SessionUser {
  return { ...person, second_factor: owed };
}

function wrongCode() {
  return HttpResponse.json(
    { code: ['That code is not right, or it was already used.'] },
    { status: 400 },
  );
}

function codeIsRight(code: string): boolean {
  if (code === APP_CODE) return true;
  const index = recoveryCodes.indexOf(code.trim().toLowerCase());
  if (index < 0) return false;
  recoveryCodes.splice(index, 1);
  return true;
}

function status() {
  const me = db.signedInUser()?.username as db.Username;
  return {
    enabled: enabled.has(me),
    required,
    recovery_codes_left: enabled.has(me) ? recoveryCodes.length : 0,
  };
}

async function codeOf(request: Request): Promise<string> {
  return ((await request.json()) as { code?: string }).code ?? '';
}

export const securityHandlers = [
  http.post('*/api/auth/login/verify/', async ({ request }) => {
    const code = await codeOf(request);
    if (!pending) {
      return HttpResponse.json(
        { detail: 'Sign in with your username and password first.', code: 'invalid' },
        { status: 400 },
      );
    }
    if (!codeIsRight(code)) return wrongCode();
    const person = db.signIn(pending);
    pending = null;
    owed = null;
    return HttpResponse.json(sessionUser(person));
  }),
  http.get('*/api/auth/two-factor/', () => HttpResponse.json(status())),
  http.post('*/api/auth/two-factor/setup/', () =>
    HttpResponse.json(
      {
        secret: SECRET,
        otpauth_url: `otpauth://totp/Support%20Desk%3Aalex?secret=${SECRET}`,
        qr_code:
          'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=',
      },
      { status: 201 },
    ),
  ),
  http.post('*/api/auth/two-factor/confirm/', async ({ request }) => {
    if ((await codeOf(request)) !== APP_CODE) return wrongCode();
    enableTwoFactor(db.signedInUser()?.username as db.Username, ['eeeee-fffff', 'ggggg-hhhhh']);
    owed = null;
    return HttpResponse.json({ recovery_codes: [...recoveryCodes] });
  }),
  http.post('*/api/auth/two-factor/recovery-codes/', async ({ request }) => {
    if (!codeIsRight(await codeOf(request))) return wrongCode();
    recoveryCodes = ['iiiii-jjjjj', 'kkkkk-lllll'];
    return HttpResponse.json({ recovery_codes: [...recoveryCodes] });
  }),
  http.post('*/api/auth/two-factor/disable/', async ({ request }) => {
    if (!codeIsRight(await codeOf(request))) return wrongCode();
    enabled.delete(db.signedInUser()?.username as db.Username);
    return new HttpResponse(null, { status: 204 });
  }),
  http.get('*/api/auth/sessions/', () => HttpResponse.json(sessions)),
  http.delete('*/api/auth/sessions/:id/', ({ params }) => {
    const id = Number(params.id);
    if (!sessions.some((row) => row.id === id && !row.current)) {
      return HttpResponse.json({ detail: 'No such session.', code: 'not_found' }, { status: 404 });
    }
    sessions = sessions.filter((row) => row.id !== id);
    return new HttpResponse(null, { status: 204 });
  }),
  http.post('*/api/auth/sessions/end-others/', () => {
    const ended = sessions.filter((row) => !row.current).length;
    sessions = sessions.filter((row) => row.current);
    return HttpResponse.json({ ended });
  }),
];
