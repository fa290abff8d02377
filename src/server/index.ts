// chatwire/server: the companion for Node and fetch-style runtimes.
export type * from './types';
export type {
  ConversationStore,
  ActiveStream,
  ActiveStreamInit,
  BeginStreamResult,
  LogListener,
} from './store/ConversationStore';
