import type { ChatEvent } from '../events';
import { emptyChatMetrics, type ChatMetrics, type ResponseMetrics, type ResponseOutcome } from './ChatMetrics';
import type { MetricsTracker } from './createMetricsTracker';

/**
 * The most events kept for the figures while their code loads (a few milliseconds, normally
 * none: it loads with the first stream's request). Beyond it, a response counts only these.
 */
export const MAX_PENDING_METRICS_EVENTS = 10_000;

/** Makes the tracker, its figures starting as `start`. */
export type TrackerFactory = (start: ChatMetrics) => MetricsTracker;

/**
 * The session's metrics ({@link MetricsTracker}), whose code is in the lazy session chunk:
 * `finish` gives the figures at once when it is loaded, else a promise of them.
 */
export interface LazyMetrics extends Omit<MetricsTracker, 'finish'> {
  /** The response ended: its figures (`null` when none was running, or their code failed to load). */
  finish(outcome: Exclude<ResponseOutcome, 'streaming'>, at: number): ResponseMetrics | null | Promise<ResponseMetrics | null>;
}

/**
 * Creates the session's {@link LazyMetrics}. The tracker comes from `tracker`: at once when
 * its code is loaded, else a promise (the lazy session chunk, which the first stream loads
 * too). Until it is there the calls wait in order (at most
 * {@link MAX_PENDING_METRICS_EVENTS} events, and every start and end of a response), then
 * run on it, and `loaded` is called so the figures get published. Whether a response is
 * `running` is known at once. A chunk that fails to load drops what waited (its responses
 * finish with `null`); the next call tries again. Internal.
 */
export function createLazyMetrics(
  tracker: () => TrackerFactory | Promise<TrackerFactory>,
  loaded: () => void,
): LazyMetrics {
  let current: MetricsTracker | undefined;
  let waiting: Array<(t?: MetricsTracker) => void> | undefined;
  let running = false;
  const run = (step: (t?: MetricsTracker) => void): void => {
    if (!current && !waiting) {
      const create = tracker();
      if (create instanceof Promise) {
        const steps: Array<(t?: MetricsTracker) => void> = [];
        waiting = steps;
        const settle = (made?: MetricsTracker): void => {
          current = made;
          waiting = undefined;
          for (const s of steps) s(made);
          if (made) loaded();
        };
        void create.then((make) => settle(make(emptyChatMetrics)), () => settle());
      } else current = create(emptyChatMetrics);
    }
    if (current) step(current);
    else waiting?.push(step);
  };
  return {
    get running() {
      return running;
    },
    start(messageId, at, resumed) {
      running = true;
      run((t) => t?.start(messageId, at, resumed));
    },
    observe(event: ChatEvent, messageId) {
      // The tracker ignores events between responses: they neither wait nor load it.
      if (running && (!waiting || waiting.length < MAX_PENDING_METRICS_EVENTS)) run((t) => t?.observe(event, messageId));
    },
    reconnecting() {
      run((t) => t?.reconnecting());
    },
    finish(outcome, at) {
      if (!running) return null;
      running = false;
      return current ? current.finish(outcome, at) : new Promise<ResponseMetrics | null>((resolve) => run((t) => resolve(t ? t.finish(outcome, at) : null)));
    },
    snapshot: () => current?.snapshot() ?? emptyChatMetrics,
  };
}
