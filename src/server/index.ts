// chatwire/server: the companion for Node and fetch-style runtimes.
export type * from './types';
export type {
  AppendOnceResult,
  ConversationStore,
  ActiveStream,
  ActiveStreamInit,
  BeginStreamResult,
  BeginStreamOptions,
  LogListener,
} from './store/ConversationStore';
export type {
  ConversationIndex,
  ConversationPatch,
  ConversationPageQuery,
  ConversationUpdateType,
  ConversationEventListener,
  StoredConversationEvent,
  TitleSource,
} from './store/ConversationIndex';
export type { ConversationSummary, ConversationListEvent } from '../core/conversations/ConversationSummary';
export { createMemoryStore } from './store/createMemoryStore';
export type { MemoryStore, MemoryStoreOptions } from './store/createMemoryStore';
export { createChatHandler } from './handler/createChatHandler';
export type { ChatHandler } from './handler/createChatHandler';
export type { ChatHandlerOptions, ChatHandlerFaults, ChatUser } from './handler/ChatHandlerOptions';
export type { ChatCorsOptions } from './handler/ChatCorsOptions';
export { HttpError } from './handler/HttpError';
export { StoreError } from './store/StoreError';
export { toNodeHandler } from './node/toNodeHandler';
export type { NodeHandlerOptions } from './node/toNodeHandler';
export { createMockModel } from './models/mock';
export type { MockModel, MockModelOptions, MockAbortRecord } from './models/mock';
export { createDemoTools } from './models/demoTools';
export type { DemoToolsOptions } from './models/demoTools';
export { pickScenario } from './models/mockScript';
export type { MockScenario } from './models/mockScript';
export { createOpenAIModel } from './models/openai';
export type { OpenAIModelOptions } from './models/openai';
export { createAnthropicModel } from './models/anthropic';
export type { AnthropicModelOptions } from './models/anthropic';
export { modelFromEnv } from './models/modelFromEnv';
export { createRedisStore } from './redis/createRedisStore';
export type { IORedisClient, RedisStoreOptions } from './redis/RedisStoreOptions';
