import type { Timers } from '../Timers';
import { SYNC_SILENCE_MS } from './syncSilenceMs';

/** What {@link watchLeaderSilence} needs of the follower tab. */
export interface LeaderSilenceTab {
  /** Whether the tab is a synced follower showing a live leader connection (`connecting`, `open`, `reconnecting`, `replaying`). */
  live(): boolean;
  /** Asks the leader for its connection (a `ping` message). */
  ping(): void;
  /** The leader did not answer: show `closed`. */
  silent(): void;
}

/** A follower's watch over its leader; see {@link watchLeaderSilence}. */
export interface LeaderSilenceWatch {
  /** The follower heard from the leader (`carriesConnection`: the message set its connection). Call after applying it. */
  heard(carriesConnection: boolean): void;
  /** Stops watching: the tab leads, leaves sync, or is disposed. */
  stop(): void;
}

/**
 * A follower tab's watch over a silent leader: while `tab.live()`, each
 * {@link SYNC_SILENCE_MS} without a word from the leader, it pings the leader; when a ping
 * got no answer either, it calls `tab.silent()` (the tab shows `closed`). When the leader
 * speaks again after that, it pings once more to learn the leader's connection.
 *
 * @param timers - The timer functions (`resolveMultiTab` defaults them to the global ones).
 *
 * @example
 * ```ts
 * const watch = watchLeaderSilence({ live, ping: () => post(ping), silent: () => controller.setConnection('closed') });
 * channel.addEventListener('message', () => watch.heard(false));
 * ```
 */
export function watchLeaderSilence(tab: LeaderSilenceTab, timers: Timers): LeaderSilenceWatch {
  let timer: unknown = null;
  /** Pinged since the leader last spoke. */
  let probed = false;
  /** Showed `closed` because the leader went silent. */
  let stale = false;

  const clear = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const onSilence = (): void => {
    timer = null;
    if (!tab.live()) return;
    if (probed) {
      // The leader's tab hangs, is frozen, or its messages are lost: its connection is unknown.
      stale = true;
      tab.silent();
      return;
    }
    probed = true;
    tab.ping();
    timer = timers.setTimeout(onSilence, SYNC_SILENCE_MS);
  };

  return {
    heard(carriesConnection) {
      if (stale && !carriesConnection) tab.ping();
      stale = false;
      probed = false;
      clear();
      if (tab.live()) timer = timers.setTimeout(onSilence, SYNC_SILENCE_MS);
    },
    stop() {
      clear();
      stale = false;
    },
  };
}
