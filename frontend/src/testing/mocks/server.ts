import { setupServer } from 'msw/node';
import { assistHandlers } from './assist';
import { customerHandlers } from './customers';
import { handlers, requests } from './handlers';
import { securityHandlers } from './security';
import { ssoHandlers } from './sso';

export const server = setupServer(
  ...handlers,
  ...assistHandlers,
  ...customerHandlers,
  ...ssoHandlers,
  ...securityHandlers,
);

// Recorded here rather than in a handler so requests answered by a test's own handler count too.
server.events.on('request:start', ({ request }) => {
  requests.push(request.clone());
});
