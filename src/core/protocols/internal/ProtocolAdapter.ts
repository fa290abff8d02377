import type { ChatEvent } from '../../events';
import type { SSEMessage } from '../../sse/index';

/** One wire format's stateful translator, created per stream. */
export interface ProtocolAdapter {
  push(message: SSEMessage): ChatEvent[];
  end(): ChatEvent[];
}
