import type { ChatController } from './ChatController';
import type { ChatMetrics } from './ChatMetrics';
import type { ChatOptions } from './ChatOptions';
import type { ChatState } from './ChatState';
import { adoptSnapshot } from './adoptSnapshot';
import { applySessionEvent } from './applySessionEvent';
import { cancelResponse } from './cancelResponse';
import { createSession } from './createSession';
import { loadLazySession } from './loadLazySession';
import { readPersisted } from './readPersisted';
import { resumeSession } from './resumeSession';
import type { StartPrompt } from './branchActions';
import { sendPrompt } from './sendPrompt';

/**
 * Creates the session controller: the one place with fetch, timers, storage and the frame
 * scheduler around the pure `chatReducer`. `publish` is called at most once per frame
 * while streaming, and at once for terminal events, submit and stop.
 *
 * It composes the session's units over one {@link createSession}: `sendPrompt` and
 * `readStream` (a prompt, an edit or a regeneration, and its stream), `cancelResponse` (stop, and the server's
 * cancel), `resumeSession` (history, then the resume route), `adoptSnapshot` and
 * `applySessionEvent` (another tab's conversation and events). The history, cancel and
 * decision requests, the recovery from a server `reset`, edits, regenerations and branch
 * switches load on first use (`loadLazySession`).
 *
 * @example
 * ```ts
 * const controller = createChatController({ endpoint: '/api/chat' }, (state) => render(state));
 * await controller.send('Hello');
 * ```
 */
export function createChatController(
  initialOptions: ChatOptions,
  publish: (state: ChatState, metrics: ChatMetrics) => void,
): ChatController {
  const session = createSession(initialOptions, publish);
  const start: StartPrompt = (text, sendOptions, regenerate, parentId) => sendPrompt(session, text, sendOptions, () => controller.stop(), regenerate, parentId);
  // Retries, edits, regenerations, branch switches, ratings, approval decisions and answers on interrupted page-tool
  // calls are in the lazy session chunk (loaded by the first stream): apps that never use them do not load them.
  const lazily = (name: 'edit' | 'regenerate' | 'switchBranch' | 'retry' | 'feedback' | 'decide' | 'continueToolCall') => (...args: unknown[]) =>
    loadLazySession().then((lazy) => (lazy[name] as (...a: unknown[]) => unknown)(session, start, ...args));
  const controller: ChatController = {
    getState: () => session.state,
    getMetrics: () => session.tracker.snapshot(),
    send: (text, sendOptions) => sendPrompt(session, text, sendOptions, () => controller.stop()),
    edit: lazily('edit') as ChatController['edit'],
    regenerate: lazily('regenerate') as ChatController['regenerate'],
    switchBranch: lazily('switchBranch') as ChatController['switchBranch'],
    stop: () => cancelResponse(session),
    retry: lazily('retry') as ChatController['retry'],
    feedback: lazily('feedback') as ChatController['feedback'],
    resume: (resumeOptions) => resumeSession(session, resumeOptions),
    decide: lazily('decide') as ChatController['decide'],
    continueToolCall: lazily('continueToolCall') as ChatController['continueToolCall'],
    apply(events) {
      for (const event of events) applySessionEvent(session, event, false, true);
    },
    setConnection(connection) {
      session.dispatch({ type: 'connection', connection }, true);
    },
    adopt: (snapshot) => adoptSnapshot(session, snapshot),
    observe: (listener) => session.observe(listener),
    attach() {},
    hasPersistedStream: () => readPersisted(session) !== null,
    reset(init) {
      session.abortRun();
      session.persistence.clear();
      session.reduce({ type: 'reset', conversationId: init?.conversationId ?? null, messages: init?.messages ?? [] });
      session.commit(true);
    },
    setOptions(next) {
      session.options = { ...session.options, ...next };
    },
    dispose() {
      session.abortRun();
      session.scheduler.cancel();
    },
  };
  return controller;
}
