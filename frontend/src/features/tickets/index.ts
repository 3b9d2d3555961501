export { CreateTicketForm, type FieldSuggestion } from './components/create-ticket-form';
export { TicketDetail } from './components/ticket-detail';
export { TicketList } from './components/ticket-list';
