// Public exports of core/sse.
export * from '../errors';
export { createBadContentTypeError, createHttpError, createIdleTimeoutError, createReconnectExhaustedError } from '../failureErrors';
export { serverErrorMessage } from '../serverErrorMessage';
export type { SSEMessage } from './SSEMessage';
export type { ReadSSEOptions } from './ReadSSEOptions';
export { readSSE, DEFAULT_MAX_EVENT_SIZE, type SSEIterable } from './readSSE';
export { readLines, type ReadLinesOptions } from './readLines';
export type { ConnectSSEOptions, BackoffOptions, ReconnectInfo } from './ConnectSSEOptions';
export { connectSSE, type SSEConnection } from './connectSSE';
export { backoffDelay } from './backoffDelay';
export { isTerminalMessage } from './isTerminalMessage';
export { isTerminalLine } from './isTerminalLine';
