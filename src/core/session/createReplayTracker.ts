/**
 * Tells when a replay is over, so `connection` goes from `replaying` to `open`: the server
 * marked the end of its backlog with a `: live` comment, or (servers without the marker) a
 * frame passed without events. The session asks at each frame while replaying. Internal.
 */
export interface ReplayTracker {
  /** A stream opened: stay `replaying` for at least one frame, and forget an earlier stream's `: live`. */
  opened(): void;
  /** An event was applied while replaying. */
  activity(): void;
  /** The server's `: live` comment arrived on the current stream. */
  live(): void;
  /** At a frame while replaying: `true` when the replay is over; `false` to ask again next frame. */
  over(): boolean;
}

/** Creates a {@link ReplayTracker}. Internal to the session. */
export function createReplayTracker(): ReplayTracker {
  /** Whether events arrived since the last frame. */
  let active = false;
  let liveSeen = false;
  return {
    opened() {
      active = true;
      liveSeen = false;
    },
    activity() {
      active = true;
    },
    live() {
      liveSeen = true;
    },
    over() {
      if (!active || liveSeen) return true;
      active = false;
      return false;
    },
  };
}
