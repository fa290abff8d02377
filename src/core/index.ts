/**
 * chatwire/core: the React-free engine. SSE reading and transport, protocol adapters,
 * the chat state machine and store, the text render pipeline and multi-tab sync.
 *
 * @packageDocumentation
 */
export * from './events';
export * from './sse/index';
export * from './protocols/index';
export * from './session/index';
export * from './render/index';
export * from './sync/index';
