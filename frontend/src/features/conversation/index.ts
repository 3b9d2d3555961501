export { Conversation } from './components/conversation';
