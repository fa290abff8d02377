/**
 * How long a follower tab that shows a live leader connection (`connecting`, `open`,
 * `reconnecting`, `replaying`) waits without a word from the leader before it pings it;
 * after a second such wait without an answer it shows `closed` (so at most twice this
 * long, 10 s). Any later message from the leader brings its connection back. 5000 ms.
 */
export const SYNC_SILENCE_MS = 5000;
