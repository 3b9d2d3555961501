export { useRateTicket, useRateWithToken } from './api/rate';
export { useSignInWithLink } from './api/sign-in-with-link';
export { PublicRequestForm } from './components/public-request-form';
export { SatisfactionForm } from './components/satisfaction-form';
export { SignInLinkForm } from './components/sign-in-link-form';
export { TicketSatisfaction } from './components/ticket-satisfaction';
