import './assist.css';

export { DraftStats } from './components/draft-stats';
export { DraftTools } from './components/draft-tools';
export { OpenIncidents } from './components/open-incidents';
export { SimilarTickets } from './components/similar-tickets';
export { ThreadSummary } from './components/thread-summary';
