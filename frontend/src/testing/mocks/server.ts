import { setupServer } from 'msw/node';
import { handlers, requests } from './handlers';

export const server = setupServer(...handlers);

// Recorded here rather than in a handler so requests answered by a test's own handler count too.
server.events.on('request:start', ({ request }) => {
  requests.push(request.clone());
});
