'use client';
import { useEffect } from 'react';
import type { ChatPhase, ChatStore } from '../src/core/index';

/** Phases with a generation under way: the page is streaming, nothing to follow yet. */
const streaming: ReadonlySet<ChatPhase> = new Set(['submitted', 'generating', 'tool-calling', 'executing', 'resuming']);

/** Longest pause between two follow attempts when they keep failing, in ms. */
const MAX_PAUSE_MS = 2_000;

/**
 * Keeps the page following its conversation across generations, so a prompt sent from
 * another device shows here live. The store's resume route must be the server's follow
 * route (`{endpoint}/{id}/stream?follow=1`); whenever the page is not streaming, this
 * resumes again: the first time with the history, then straight after the last seq
 * applied (no re-hydrate, which would reset the phase to `idle` and rebuild every message).
 *
 * Demo-level glue: the session controller has no follow option (yet); it ends a resume at
 * the first terminal event, so this hook opens the next one. With multi-tab sync only the
 * leader tab connects (a follower tab's resume returns `false` at once and gets the
 * leader's events). Stops on 4xx errors (404: not your conversation) and backs off, up to
 * 2 s, while resumes keep failing or return at once.
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
        // The first resume loads the history; later ones continue after the last seq applied.
        void store
          .getState()
          .controller.resume(seqBefore > 0 ? { history: false } : undefined)
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
