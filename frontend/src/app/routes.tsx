import type { RouteObject } from 'react-router';
import { AppLayout } from './layout';
import { LoginRoute } from './routes/login';
import { NewTicketRoute } from './routes/new-ticket';
import { NotFoundRoute } from './routes/not-found';
import { RateRoute } from './routes/rate';
import { PublicRequestRoute } from './routes/request';
import { RequireSession, RequireStaff } from './routes/require-session';
import { SavedRepliesRoute } from './routes/saved-replies';
import { SecurityRoute } from './routes/security';
import { SettingsRoute } from './routes/settings';
import { SignInLinkRoute } from './routes/sign-in-link';
import { TicketRoute } from './routes/ticket';
import { TicketsRoute } from './routes/tickets';

export const routes: RouteObject[] = [
  // Pages for people who are not signed in, without the app's header (the form can be framed).
  { path: '/request', Component: PublicRequestRoute },
  { path: '/rate', Component: RateRoute },
  {
    path: '/',
    Component: AppLayout,
    children: [
      { path: 'login', Component: LoginRoute },
      { path: 'sign-in/link', Component: SignInLinkRoute },
      {
        Component: RequireSession,
        children: [
          { index: true, element: <TicketsRoute view="all" /> },
          { path: 'new', Component: NewTicketRoute },
          { path: 'tickets/:ticketId', Component: TicketRoute },
          { path: 'settings', Component: SettingsRoute },
          { path: 'security', Component: SecurityRoute },
          {
            Component: RequireStaff,
            children: [
              { path: 'mine', element: <TicketsRoute view="mine" /> },
              { path: 'unassigned', element: <TicketsRoute view="unassigned" /> },
              { path: 'saved-replies', Component: SavedRepliesRoute },
              {
                path: 'stats',
                // The charts library is the bulk of the bundle; only the dashboard needs it.
                lazy: async () => ({ Component: (await import('./routes/stats')).StatsRoute }),
              },
            ],
          },
          { path: '*', Component: NotFoundRoute },
        ],
      },
    ],
  },
];
