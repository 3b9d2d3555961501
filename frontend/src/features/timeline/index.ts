export { TicketTimeline } from './components/ticket-timeline';
