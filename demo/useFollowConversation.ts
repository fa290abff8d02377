'use client';
import { useEffect } from 'react';
import type { ChatPhase, ChatStore } from '../src/core/index';

/** Phases with a generation under way: the page is streaming, nothing to follow yet. */
const streaming: ReadonlySet<ChatPhase> = new Set(['submitted', 'generating', 'tool-calling', 'executing', 'resuming']);

/** Longest pause between two follow attempts when they keep failing, in ms. */
const MAX_PAUSE_MS = 10_000;

/**
 * Keeps the page following its conversation across generations, so a prompt sent from
 * another tab or device shows here live. The store's resume route must be the server's
 * follow route (`{endpoint}/{id}/stream?follow=1`); whenever the page is not streaming,
 * this calls `resume()` again: history, then the log after the last seq, then live.
 *
 * Demo-level glue: the session controller has no follow option (yet); it ends a resume at
 * the first terminal event, so this hook opens the next one. Stops on 4xx errors (403: not
 * your conversation) and backs off while resumes keep failing.
 */
export function useFollowConversation(store: ChatStore, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    let disposed = false;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const idle = (): boolean => {
      const s = store.getState();
      if (!s.conversationId || streaming.has(s.phase)) return false;
      if (s.connection !== 'idle' && s.connection !== 'closed') return false;
      const status = s.error?.status;
      return !(status !== undefined && status >= 400 && status < 500);
    };

    const schedule = (delayMs: number): void => {
      if (disposed || pending !== undefined || !idle()) return;
      pending = setTimeout(() => {
        pending = undefined;
        if (disposed || !idle()) return;
        const startedAt = Date.now();
        const seqBefore = store.getState().lastSeq;
        void store
          .getState()
          .resume()
          .then((resumed) => {
            const s = store.getState();
            // A resume that failed, or ended at once with nothing new, counts as a failure.
            const useful = resumed && s.error === null && (s.lastSeq > seqBefore || Date.now() - startedAt > 1_000);
            failures = useful ? 0 : failures + 1;
            schedule(failures === 0 ? 0 : Math.min(MAX_PAUSE_MS, 100 * 2 ** Math.min(failures, 7)));
          });
      }, delayMs);
    };

    const unsubscribe = store.subscribe(() => schedule(50));
    schedule(0);
    return () => {
      disposed = true;
      unsubscribe();
      clearTimeout(pending);
    };
  }, [store, enabled]);
}

/**
 * A `fetch` for the store that answers the history request with 404 ("this server has no
 * history route") once `hasState()` is true. The follow loop's resumes then continue from
 * the page's last seq instead of re-loading the history, which would reset the phase to
 * `idle` and rebuild every message. The first resume of a page (nothing shown yet) still
 * loads the history.
 */
export function createFollowFetch(hasState: () => boolean): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (hasState() && /\/messages(\?|$)/.test(url)) return Promise.resolve(new Response(null, { status: 404 }));
    return globalThis.fetch(input, init);
  };
}
