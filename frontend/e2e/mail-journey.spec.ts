import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { saveScreen } from './screens';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SUPPORTDESK = path.join(REPO_DIR, '.venv', 'bin', 'supportdesk');

/** A mail the SMTP server received: its raw text and unfolded headers. */
type SentMail = { raw: string; header: (name: string) => string };

function sentMail(): SentMail[] {
  const folder = process.env.E2E_MAIL_DIR ?? '';
  let names: string[] = [];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
  return names.sort().map((name) => {
    const raw = readFileSync(path.join(folder, name), 'latin1');
    const head = raw.split(/\r?\n\r?\n/, 1)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
    return {
      raw,
      header: (wanted: string) =>
        head
          .split(/\r?\n/)
          .find((line) => line.toLowerCase().startsWith(`${wanted.toLowerCase()}:`))
          ?.slice(wanted.length + 1)
          .trim() ?? '',
    };
  });
}

/** `supportdesk mail ingest` with one message on standard input, as a mail server's pipe runs it. */
function ingest(raw: string): string {
  return execFileSync(SUPPORTDESK, ['mail', 'ingest'], {
    input: raw,
    env: JSON.parse(process.env.E2E_BACKEND_ENV ?? '{}') as NodeJS.ProcessEnv,
    cwd: REPO_DIR,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
    .toString()
    .trim();
}

test.describe('the e-mail channel', () => {
  test.skip(({ isMobile }) => isMobile, 'The journey runs once, at desktop size.');

  test('a mailed ticket appears, the agent replies with a file, the reply arrives threaded', async ({
    page,
  }, testInfo) => {
    const marker = `m${Date.now().toString(36)}`;
    const sender = `lena.${marker}@customer.e2e`;
    const originalId = `<e2e-${marker}@customer.e2e>`;
    const title = `Printer on fire ${marker}`;
    const raw = [
      `From: Lena Fischer <${sender}>`,
      'To: support@e2e.test',
      `Subject: ${title}`,
      `Message-ID: ${originalId}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The office printer started smoking this morning. What should we do?',
      '',
    ].join('\r\n');

    const line = ingest(raw);
    expect(line).toMatch(/^- ticket \d+ created$/);
    const ticketId = Number(line.split(' ')[2]);

    // The acknowledgement went out, with the ticket number.
    await expect.poll(() => sentMail().filter((mail) => mail.raw.includes(sender)).length).toBe(1);
    const ack = sentMail().find((mail) => mail.header('To').includes(sender));
    expect(ack?.header('Subject')).toBe(`[#${ticketId}] ${title}`);
    expect(ack?.header('Auto-Submitted')).toBe('auto-generated');

    // The agent finds it in the queue and opens it.
    await page.goto('/');
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByText('By e-mail', { exact: true })).toBeVisible();
    await expect(page.getByText('The office printer started smoking')).toBeVisible();
    await expect(page.getByText('Lena Fischer', { exact: false }).first()).toBeVisible();

    // The agent replies with a file.
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await conversation
      .getByRole('textbox', { name: 'Your reply' })
      .fill('Unplug it now and keep the room aired.');
    await conversation.getByLabel('Attach files').setInputFiles({
      name: 'safety-steps.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('1. Unplug.\n2. Open a window.\n'),
    });
    await conversation.getByRole('button', { name: 'Send reply' }).click();
    const reply = conversation.getByRole('listitem').filter({ hasText: 'Unplug it now' });
    await expect(reply.getByRole('link', { name: 'safety-steps.txt' })).toBeVisible();
    await expect(reply.getByText(`Delivered to ${sender}`)).toBeVisible();
    await saveScreen(page, testInfo, 'mail-reply-delivered');

    // The reply arrived at the SMTP server, threaded onto the customer's mail.
    await expect
      .poll(() => sentMail().filter((mail) => mail.header('To').includes(sender)).length)
      .toBe(2);
    const mailed = sentMail().filter((mail) => mail.header('To').includes(sender))[1];
    expect(mailed?.header('Subject')).toBe(`[#${ticketId}] ${title}`);
    expect(mailed?.header('In-Reply-To')).toBe(ack?.header('Message-ID'));
    expect(mailed?.header('References')).toContain(originalId);
    expect(mailed?.header('Auto-Submitted')).toBe('');
    expect(mailed?.raw).toContain('filename="safety-steps.txt"');
    expect(mailed?.raw).toContain('Unplug it now');

    // And the customer's answer to it lands on the same ticket.
    const answer = [
      `From: Lena Fischer <${sender}>`,
      'To: support@e2e.test',
      `Subject: Re: ${mailed?.header('Subject')}`,
      `Message-ID: <e2e-answer-${marker}@customer.e2e>`,
      `In-Reply-To: ${mailed?.header('Message-ID')}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Done, thank you!',
      '',
      `On Tue, Support Desk <support@e2e.test> wrote:`,
      '> Unplug it now and keep the room aired.',
      '',
    ].join('\r\n');
    expect(ingest(answer)).toBe(`- ticket ${ticketId} replied`);
    await page.reload();
    const answered = page
      .getByRole('region', { name: 'Conversation' })
      .getByRole('listitem')
      .filter({ hasText: 'Done, thank you!' });
    await expect(answered.getByText('E-mail', { exact: true })).toBeVisible();
  });
});
