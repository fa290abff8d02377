// Public exports of core/sse.
export * from '../errors';
export type { SSEMessage } from './SSEMessage';
export type { ReadSSEOptions } from './ReadSSEOptions';
export { readSSE, DEFAULT_MAX_EVENT_SIZE, type SSEIterable } from './readSSE';
export { readLines, type ReadLinesOptions } from './readLines';
