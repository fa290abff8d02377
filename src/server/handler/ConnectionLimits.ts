import { HttpError } from './HttpError';

/** One counted connection. */
export interface ConnectionSlot {
  /** Gives the slot back (idempotent). */
  release(): void;
  /** A start that created `conversationId` counts against it from now on. */
  adopt(conversationId: string): void;
}

/**
 * Counts the SSE responses (start, resume, follow) open on this replica, per user and per
 * conversation, and refuses one more past either cap with 429 `too_many_connections` and
 * `Retry-After`. Each open connection holds one socket, so this bounds what one user (or
 * everyone watching one conversation) can hold.
 */
export class ConnectionLimits {
  private readonly perUser = new Map<string, number>();
  private readonly perConversation = new Map<string, number>();

  constructor(
    private readonly maxPerUser: number,
    private readonly maxPerConversation: number,
    private readonly retryAfterSeconds: number,
  ) {}

  /**
   * Takes one slot for `userId` (and `conversationId`, unless it is new); throws 429 when
   * a cap is reached.
   */
  acquire(userId: string, conversationId: string | null): ConnectionSlot {
    const user = this.perUser.get(userId) ?? 0;
    const conversation = conversationId === null ? 0 : (this.perConversation.get(conversationId) ?? 0);
    if (user >= this.maxPerUser) {
      throw this.refuse(`You already have ${user} chat streams open on this server (limit ${this.maxPerUser} per user, maxConnectionsPerUser). Close some tabs or devices, then retry.`);
    }
    if (conversationId !== null && conversation >= this.maxPerConversation) {
      throw this.refuse(`Conversation "${conversationId}" already has ${conversation} streams open on this server (limit ${this.maxPerConversation}, maxConnectionsPerConversation). Close some of them, then retry.`);
    }
    this.perUser.set(userId, user + 1);
    let counted: string | null = conversationId;
    if (counted !== null) this.perConversation.set(counted, conversation + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        decrement(this.perUser, userId);
        if (counted !== null) decrement(this.perConversation, counted);
      },
      adopt: (id) => {
        if (released || counted !== null) return;
        counted = id;
        this.perConversation.set(id, (this.perConversation.get(id) ?? 0) + 1);
      },
    };
  }

  /** Open connections of `userId`, or of `conversationId` (for tests and metrics). */
  count(of: { userId: string } | { conversationId: string }): number {
    return 'userId' in of ? (this.perUser.get(of.userId) ?? 0) : (this.perConversation.get(of.conversationId) ?? 0);
  }

  private refuse(message: string): HttpError {
    return new HttpError(429, 'too_many_connections', message, undefined, { 'Retry-After': String(this.retryAfterSeconds) });
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const left = (map.get(key) ?? 1) - 1;
  if (left > 0) map.set(key, left);
  else map.delete(key);
}
