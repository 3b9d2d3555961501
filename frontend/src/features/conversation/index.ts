export { Conversation } from './components/conversation';
export { OpeningMailSender } from './components/opening-mail-sender';
