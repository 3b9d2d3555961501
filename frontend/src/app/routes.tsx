import type { RouteObject } from 'react-router';
import { AppLayout } from './layout';
import { NotFoundRoute } from './routes/not-found';
import { TicketRoute } from './routes/ticket';
import { TicketsRoute } from './routes/tickets';

export const routes: RouteObject[] = [
  {
    path: '/',
    Component: AppLayout,
    children: [
      { index: true, Component: TicketsRoute },
      { path: 'tickets/:ticketId', Component: TicketRoute },
      {
        path: 'stats',
        // The charts library is the bulk of the bundle; only the dashboard needs it.
        lazy: async () => ({ Component: (await import('./routes/stats')).StatsRoute }),
      },
      { path: '*', Component: NotFoundRoute },
    ],
  },
];
