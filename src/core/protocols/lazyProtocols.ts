/**
 * The protocol decoders, as one chunk loaded on demand (by `decodeChatStream`, and by the
 * session for wire formats other than chatwire's own): every adapter with the full detection,
 * and the line framing of the AI SDK data stream. Internal: imported only through
 * `loadLazyProtocols`.
 */
export { createChatDecoder } from './createChatDecoder';
export { LINE_FRAMING } from '../sse/LineFraming';
