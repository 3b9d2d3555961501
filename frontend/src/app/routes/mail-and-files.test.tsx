import { File } from 'node:buffer';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  addAttachment,
  addDelivery,
  addMessage,
  addReceived,
  addTicket,
  signIn,
  user,
} from '@/testing/mocks/db';
import { requestsTo } from '@/testing/mocks/handlers';
import { renderApp } from '@/testing/render-app';

function conversation() {
  return within(screen.getByRole('region', { name: 'Conversation' }));
}

describe('mail and files on a ticket', () => {
  it('shows where each message came from, its files, and whether its mail arrived', async () => {
    const ticket = addTicket({ title: 'Printer on fire', requester: 'maria', channel: 'email' });
    addAttachment(ticket.id, { name: 'photo.jpg', size: 2400 });
    const mailed = addMessage(ticket.id, {
      body: 'It is smoking.',
      author: user('maria'),
      channel: 'email',
      files: [{ name: 'smoke.mp4', size: 3_100_000 }],
    });
    const reply = addMessage(ticket.id, { body: 'Unplug it now.', author: user('alex') });
    addDelivery(ticket.id, {
      message_id: reply.id,
      recipient: 'maria@customer.test',
      status: 'failed',
      error: '550 no such user',
    });
    addDelivery(ticket.id, {
      message_id: null,
      kind: 'ticket_acknowledged',
      recipient: 'maria@customer.test',
    });
    renderApp(`/tickets/${ticket.id}`);

    expect(await screen.findByText('By e-mail')).toBeVisible();
    const ticketFiles = await screen.findByRole('list', { name: 'Files sent with the ticket' });
    expect(within(ticketFiles).getByRole('link', { name: 'photo.jpg' })).toHaveAttribute(
      'href',
      `/api/tickets/${ticket.id}/attachments/1/`,
    );
    const customer = (await conversation().findByText('It is smoking.')).closest(
      'li',
    ) as HTMLElement;
    expect(within(customer).getByText('E-mail')).toBeVisible();
    expect(within(customer).getByRole('link', { name: 'smoke.mp4' })).toBeVisible();
    expect(within(customer).getByText('3.1 MB')).toBeVisible();
    const agent = conversation().getByText('Unplug it now.').closest('li') as HTMLElement;
    expect(within(agent).getByText('Web')).toBeVisible();
    expect(
      await within(agent).findByText(/Not delivered to maria@customer.test: 550 no such user/),
    ).toBeVisible();
    expect(
      conversation().getByRole('list', { name: 'Notifications sent by e-mail' }),
    ).toHaveTextContent('Delivered to maria@customer.test');
    expect(mailed.id).toBeLessThan(reply.id);
  });

  it('marks mailed messages with whether their sender is proven, for agents only', async () => {
    const ticket = addTicket({ title: 'Refund', requester: 'maria', channel: 'email' });
    const signed = addMessage(ticket.id, {
      body: 'Thanks for the refund.',
      author: user('maria'),
      channel: 'email',
    });
    addReceived(ticket.id, {
      message_id: signed.id,
      sender: 'maria@customer.test',
      sender_verification: 'pass',
      sender_verification_detail: 'dkim=pass d=customer.test aligned',
    });
    const forged = addMessage(ticket.id, {
      body: '[Unverified sender] This mail says it is from alex@desk.test.',
      author: user('alex'),
      channel: 'email',
      internal: true,
    });
    addReceived(ticket.id, { message_id: forged.id, sender: 'alex@desk.test' });
    addReceived(ticket.id, {
      message_id: null,
      sender: 'maria@customer.test',
      sender_verification: 'fail',
      sender_verification_detail: 'dkim=pass d=attacker.example not aligned with customer.test',
    });
    const { unmount } = renderApp(`/tickets/${ticket.id}`);
    const opening = await screen.findByTitle(
      'dkim=pass d=attacker.example not aligned with customer.test',
    );
    expect(opening).toHaveTextContent('Unverified sender');
    expect(opening.parentElement).toHaveTextContent('By e-mail');

    await screen.findByText('Thanks for the refund.');
    const proven = conversation().getByText('Thanks for the refund.').closest('li') as HTMLElement;
    const mark = await within(proven).findByText('Verified sender');
    expect(mark).toHaveAttribute('title', 'dkim=pass d=customer.test aligned');
    const note = conversation()
      .getByText(/This mail says it is from alex@desk.test/)
      .closest('li') as HTMLElement;
    expect(within(note).getByText('Unverified sender')).toHaveAttribute(
      'title',
      'no DKIM signature',
    );
    unmount();

    signIn('maria');
    renderApp(`/tickets/${ticket.id}`);
    expect(await screen.findByText('Thanks for the refund.')).toBeVisible();
    expect(screen.queryByText('Verified sender')).toBeNull();
  });

  it('sends a reply with files as multipart form data', async () => {
    const ticket = addTicket({ title: 'VPN drops', requester: 'maria' });
    const { user: person } = renderApp(`/tickets/${ticket.id}`);
    await screen.findByText('No replies yet.');

    await person.type(
      conversation().getByRole('textbox', { name: 'Your reply' }),
      'Logs attached.',
    );
    const file = new File(['line 1'], 'vpn.log');
    await person.upload(
      conversation().getByLabelText('Attach files'),
      file as unknown as globalThis.File,
    );
    expect(conversation().getByRole('list', { name: 'Chosen files' })).toHaveTextContent('vpn.log');
    await person.click(conversation().getByRole('button', { name: 'Send reply' }));

    const sent = (await conversation().findByText('Logs attached.')).closest('li') as HTMLElement;
    expect(await within(sent).findByRole('link', { name: 'vpn.log' })).toBeVisible();
    const [request] = requestsTo('POST', `/api/tickets/${ticket.id}/messages/`);
    expect(request?.headers.get('Content-Type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request?.formData();
    expect(form?.get('body')).toBe('Logs attached.');
    expect((form?.get('files') as unknown as File | undefined)?.name).toBe('vpn.log');
    await waitFor(() =>
      expect(conversation().queryByRole('list', { name: 'Chosen files' })).toBeNull(),
    );
  });

  it('keeps a reply without files as JSON', async () => {
    const ticket = addTicket({ title: 'VPN drops', requester: 'maria' });
    const { user: person } = renderApp(`/tickets/${ticket.id}`);
    await screen.findByText('No replies yet.');
    await person.type(conversation().getByRole('textbox', { name: 'Your reply' }), 'Any news?');
    await person.click(conversation().getByRole('button', { name: 'Send reply' }));
    await conversation().findByText('Any news?');
    const [request] = requestsTo('POST', `/api/tickets/${ticket.id}/messages/`);
    expect(await request?.json()).toEqual({ body: 'Any news?', internal: false });
  });

  it('files a new ticket with files', async () => {
    const { user: person } = renderApp('/new');
    const form = within(await screen.findByRole('form', { name: 'New ticket' }));
    await person.type(form.getByLabelText('Title'), 'Broken export');
    await person.type(form.getByLabelText('Description'), 'The CSV is empty, see attached.');
    await person.upload(
      form.getByLabelText('Attach files'),
      new File(['a,b'], 'export.csv') as unknown as globalThis.File,
    );
    await person.click(form.getByRole('button', { name: 'Submit ticket' }));
    expect(await form.findByText(/Ticket #1 was created/)).toBeVisible();
    const sent = await requestsTo('POST', '/api/tickets/')[0]?.formData();
    expect(sent?.get('title')).toBe('Broken export');
    expect((sent?.get('files') as unknown as File | undefined)?.name).toBe('export.csv');
    expect(form.queryByRole('list', { name: 'Chosen files' })).toBeNull();
  });
});

describe('the settings page', () => {
  it('lets a customer turn a kind of notification mail off', async () => {
    signIn('maria');
    const { user: person } = renderApp('/settings');
    const box = await screen.findByRole('checkbox', { name: 'Acknowledgement of a new ticket' });
    expect(box).toBeChecked();
    expect(screen.queryByRole('checkbox', { name: 'A ticket was assigned to me' })).toBeNull();
    await person.click(box);
    await waitFor(() => expect(box).not.toBeChecked());
    expect(await requestsTo('PATCH', '/api/mail/preferences/')[0]?.json()).toEqual({
      kind: 'ticket_acknowledged',
      enabled: false,
    });
    expect(screen.queryByRole('region', { name: 'E-mail channel' })).toBeNull();
  });

  it('shows admins whether intake and sending are set up and the last poll', async () => {
    signIn('admin');
    renderApp('/settings');
    const channel = within(await screen.findByRole('region', { name: 'E-mail channel' }));
    expect(await channel.findByText('imaps://support@imap.example.com:993/INBOX')).toBeVisible();
    expect(channel.getByText('succeeded')).toBeVisible();
    expect(channel.getByText('Configured')).toBeVisible();
    expect(channel.getByText(/2 quarantined received mail, 1 undelivered/)).toBeVisible();
    expect(screen.getByRole('checkbox', { name: 'A new ticket was opened' })).not.toBeChecked();
  });
});
