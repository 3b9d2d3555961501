import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiSignedInAs, E2E_OIDC_ACCOUNTS, E2E_OIDC_CLIENT, E2E_PEOPLE, E2E_USER } from './people';

// Every path is derived from this file's location, so the suite runs from any checkout.
const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_DIR = path.resolve(FRONTEND_DIR, '..');
const VENV_BIN = path.join(REPO_DIR, '.venv', 'bin');
const FAKE_LLM = path.join(REPO_DIR, 'backend', 'tests', 'fakes', 'fake_llm_server.py');
const SMTP_SINK = path.join(REPO_DIR, 'backend', 'tests', 'mail', 'smtp_sink_server.py');
// A real OpenID Connect provider (oidc-provider, installed by `make install`) for single sign-on.
const OIDC_PROVIDER_DIR = path.join(REPO_DIR, 'backend', 'tests', 'sso', 'provider');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}.`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${name} did not answer at ${url} within 60 s.`);
}

function start(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string = REPO_DIR,
): ChildProcess {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = (chunk: Buffer) => {
    if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout?.on('data', log);
  child.stderr?.on('data', (chunk: Buffer) => {
    // Errors are shown even when quiet, to explain a failing run.
    if (process.env.E2E_VERBOSE || /error|traceback/i.test(String(chunk))) {
      process.stderr.write(`[${name}] ${chunk}`);
    }
  });
  return child;
}

/** Signs the agent in through the API and saves the session cookie for every test's browser. */
async function signIn(baseURL: string, storagePath: string): Promise<void> {
  const { context } = await apiSignedInAs(baseURL, E2E_USER);
  await context.storageState({ path: storagePath });
  await context.dispose();
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'support-desk-e2e-'));
  mkdirSync(path.join(FRONTEND_DIR, 'test-results', 'screens'), { recursive: true });

  if (!process.env.E2E_SKIP_BUILD) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
      cwd: FRONTEND_DIR,
      stdio: 'inherit',
    });
  }

  const [llmPort, appPort, smtpPort, oidcPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
  const mailDir = path.join(workDir, 'sent-mail');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DJANGO_SETTINGS_MODULE: 'support_desk.config.settings.base',
    DEBUG: 'false',
    DATABASE_URL: `sqlite:///${path.join(workDir, 'e2e.sqlite3')}`,
    SUPPORTDESK_VAR_DIR: workDir,
    WEB_APP_DIST: path.join(FRONTEND_DIR, 'dist'),
    LLM_BASE_URL: `http://127.0.0.1:${llmPort}/v1`,
    LLM_MODEL: 'fake',
    LLM_API_KEY: 'fake-key',
    TRIAGE_PROVIDER: 'llm',
    // The suite types several descriptions a minute; the default limit is for people.
    THROTTLE_CLASSIFY_RATE: '1000/min',
    THROTTLE_LOGIN_RATE: '1000/min',
    // The public form: a person's pace is checked at one second here (the default is three).
    THROTTLE_PUBLIC_RATE: '1000/hour',
    PUBLIC_FORM_MIN_SECONDS: '1',
    // Mail goes to a real SMTP server the suite reads (backend/tests/mail/smtp_sink_server.py).
    EMAIL_URL: `smtp://127.0.0.1:${smtpPort}`,
    SUPPORT_EMAIL_ADDRESS: 'support@e2e.test',
    PUBLIC_BASE_URL: `http://127.0.0.1:${appPort}`,
    // Single sign-on through the provider started below (its accounts: e2e/people.ts).
    OIDC_ISSUER: oidcIssuer,
    OIDC_CLIENT_ID: E2E_OIDC_CLIENT.id,
    OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
    OIDC_SCOPES: 'openid,email,profile,roles',
    OIDC_BUTTON_LABEL: 'Corp SSO',
    PYTHONUNBUFFERED: '1',
  };

  execFileSync(path.join(VENV_BIN, 'supportdesk'), ['migrate', '--noinput'], {
    env,
    stdio: 'pipe',
  });
  // One Python process for everyone: each `supportdesk` start costs about a second.
  const createPeople = [
    'from support_desk.accounts.models import User',
    ...E2E_PEOPLE.map(
      (person) =>
        `User.objects.create_user(${JSON.stringify(person.username)}, password=${JSON.stringify(person.password)}, role=${JSON.stringify(person.role)}, first_name=${JSON.stringify(person.first)}, last_name=${JSON.stringify(person.last)})`,
    ),
  ].join('\n');
  execFileSync(path.join(VENV_BIN, 'supportdesk'), ['shell', '-c', createPeople], {
    env,
    stdio: 'pipe',
  });

  const llm = start(
    'fake-llm',
    path.join(VENV_BIN, 'python'),
    [FAKE_LLM, '--port', String(llmPort), '--mode', 'smart'],
    env,
  );
  const smtp = start(
    'smtp sink',
    path.join(VENV_BIN, 'python'),
    [SMTP_SINK, '--port', String(smtpPort), '--dir', mailDir],
    env,
  );
  const oidc = start(
    'oidc-provider',
    'node',
    ['server.mjs'],
    {
      PATH: process.env.PATH,
      PROVIDER_PORT: String(oidcPort),
      PROVIDER_ISSUER: oidcIssuer,
      PROVIDER_CLIENT_ID: E2E_OIDC_CLIENT.id,
      PROVIDER_CLIENT_SECRET: E2E_OIDC_CLIENT.secret,
      PROVIDER_REDIRECT_URI: `http://127.0.0.1:${appPort}/api/auth/oidc/callback/`,
      PROVIDER_ACCOUNTS: JSON.stringify(E2E_OIDC_ACCOUNTS),
    },
    OIDC_PROVIDER_DIR,
  );
  const app = start(
    'supportdesk serve',
    path.join(VENV_BIN, 'supportdesk'),
    ['serve', '--bind', `127.0.0.1:${appPort}`, '--workers', '2'],
    env,
  );

  const stop = async () => {
    for (const child of [app, llm, smtp, oidc]) {
      if (child.exitCode === null) child.kill('SIGTERM');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const baseURL = `http://127.0.0.1:${appPort}`;
    await waitForHttp(`http://127.0.0.1:${llmPort}/v1/models`, llm, 'fake language model');
    await waitForHttp(`${baseURL}/healthz`, app, 'gunicorn');
    await waitForHttp(`${oidcIssuer}/.well-known/openid-configuration`, oidc, 'oidc-provider');
    const storagePath = path.join(workDir, 'storage-state.json');
    await signIn(baseURL, storagePath);
    // The mail journey runs `supportdesk mail ingest` against the same database and reads mailDir.
    process.env.E2E_BACKEND_ENV = JSON.stringify(env);
    process.env.E2E_MAIL_DIR = mailDir;
    process.env.E2E_BASE_URL = baseURL;
    process.env.E2E_STORAGE_STATE = storagePath;
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
