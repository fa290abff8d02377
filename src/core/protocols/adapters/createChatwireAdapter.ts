import { decodeChatwireMessage } from '../decodeChatwireMessage';
import type { ProtocolAdapter } from '../internal/ProtocolAdapter';

/** chatwire's own protocol: stateless, one message is one event. */
export function createChatwireAdapter(): ProtocolAdapter {
  return {
    push(message) {
      const event = decodeChatwireMessage(message);
      return event === null ? [] : [event];
    },
    end: () => [],
  };
}
