/**
 * What the session loads on demand for wire formats other than chatwire's own, as one lazy
 * chunk: every adapter with the full detection, and the line framing of the AI SDK data
 * stream. Internal: imported only through `loadLazyProtocols`.
 */
export { createChatDecoder } from '../protocols/createChatDecoder';
export { LINE_FRAMING } from '../sse/LineFraming';
