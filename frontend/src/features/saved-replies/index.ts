export { SavedRepliesManager } from './components/saved-replies-manager';
export { type ChosenReply, SavedReplyPicker } from './components/saved-reply-picker';
