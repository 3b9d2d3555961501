export {
  type Classification,
  classifyTicket,
  useClassifySuggestion,
} from './api/classify-ticket';
export { SuggestionStatus } from './components/suggestion-status';
