import type { ChatEvent } from '../events';
import type { ChatInput } from '../session/ChatAction';
import type { TabLink } from './TabLink';

/** Local actions after which the leader sends a whole snapshot instead of events. */
const LOCAL_ACTIONS = new Set<ChatInput['type']>(['submit', 'stop', 'hydrate', 'reset']);

/** The leader's mirror of its controller; see {@link mirrorEvents}. */
export interface EventMirror {
  /** Posts the events observed and not yet posted. */
  flush(): void;
  /** Posts the controller's connection, after the events before it. */
  sendConnection(): void;
  /** Stops observing the controller. */
  stop(): void;
}

/**
 * The leader's side of mirroring: while `link.role()` is `leader`, every event its
 * controller applies is posted to the other tabs, with its `seq`, in batches of one
 * microtask (so a network chunk of many events is one message); a change of its
 * `connection` is posted after the events before it; a local action (`submit`, `stop`,
 * `hydrate`, `reset`) calls `onLocalAction`, which sends a snapshot. Followers apply the
 * events with `controller.apply` (`seq` dedupe makes a repeat harmless).
 *
 * @example
 * ```ts
 * const mirror = mirrorEvents(link, () => snapshots.send());
 * mirror.stop(); // on dispose
 * ```
 */
export function mirrorEvents(link: TabLink, onLocalAction: () => void): EventMirror {
  let outbox: ChatEvent[] = [];
  let queued = false;

  const flush = (): void => {
    queued = false;
    const events = outbox;
    outbox = [];
    if (events.length > 0 && link.role() === 'leader') link.post({ type: 'events', events });
  };
  const sendConnection = (): void => {
    flush();
    link.post({ type: 'connection', connection: link.controller.getState().connection });
  };

  const stop = link.controller.observe((input) => {
    if (link.role() !== 'leader') return;
    if (input.type === 'connection') {
      sendConnection();
      return;
    }
    if (LOCAL_ACTIONS.has(input.type)) {
      onLocalAction();
      return;
    }
    outbox.push(input as ChatEvent);
    if (!queued) {
      queued = true;
      queueMicrotask(flush);
    }
  });

  return { flush, sendConnection, stop };
}
