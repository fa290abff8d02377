// Public exports of core/protocols.
export type { ChatProtocol, ResolvedChatProtocol } from './ChatProtocol';
export { CHAT_PROTOCOLS } from './ChatProtocol';
export type { ChatDecoder } from './ChatDecoder';
export { createChatDecoder, type ChatDecoderOptions } from './createChatDecoder';
export { decodeChatStream, type DecodeChatStreamOptions } from './decodeChatStream';
export { decodeChatwireMessage } from './decodeChatwireMessage';
export { encodeChatEvent } from './encodeChatEvent';
export { detectProtocolFromHeaders, type HeadersLike } from './detectProtocolFromHeaders';
export { detectProtocolFromMessage } from './detectProtocolFromMessage';
