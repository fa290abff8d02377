/**
 * chatwire/core: the React-free engine. SSE reading and transport, protocol adapters,
 * the chat state machine (session), the chat store (store: the session shared across tabs,
 * in a zustand store), multi-tab sync, and the React-free half of the markdown
 * pipeline (src/markdown/engine: block splitting, hold-back, buffers, remark/rehype plugins).
 *
 * @packageDocumentation
 */
export * from './events';
export type { Timers } from './Timers';
export * from './sse/index';
export * from './protocols/index';
export * from './session/index';
export * from './store/index';
export * from '../markdown/engine/index';
export * from './sync/index';
export * from './conversations/index';
