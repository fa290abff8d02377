import type { ChatController } from '../session/ChatController';
import type { ForwardedAction, SyncMessage } from './SyncMessage';
import type { TabLink } from './TabLink';

type Request = Extract<SyncMessage, { type: 'request' }>;
type Response = Extract<SyncMessage, { type: 'response' }>;

interface Pending {
  message: Omit<Request, 'kind' | 'from'>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** What a forwarded action carries besides its name. */
export interface ActionArgs {
  text?: string;
  body?: Record<string, unknown>;
  messageId?: string;
  index?: number;
}

/** Runs a forwarded action on `controller`. */
export function performAction(controller: ChatController, action: ForwardedAction, args: ActionArgs = {}): Promise<void> {
  const { text = '', body, messageId = '', index = 0 } = args;
  switch (action) {
    case 'send':
      return controller.send(text, body ? { body } : undefined);
    case 'edit':
      return controller.edit(messageId, text);
    case 'regenerate':
      return controller.regenerate(messageId);
    case 'branch':
      return Promise.resolve(controller.switchBranch(messageId, index));
    default:
      return action === 'stop' ? controller.stop() : controller.retry();
  }
}

/** A follower's actions sent to the leader; see {@link forwardActions}. */
export interface ActionForwarding {
  /** Follower: asks the leader to perform `action`; resolves once the leader took it. */
  forward(action: ForwardedAction, args?: ActionArgs): Promise<void>;
  /** Leader: performs a follower's request and answers it (with `error` when performing threw). */
  serve(request: Request): void;
  /** Follower: the leader answered request `id`. */
  answered(response: Response): void;
  /** Follower: a new leader: posts the unanswered requests again. */
  resend(): void;
  /** This tab leads, or works on its own, now: performs the unanswered requests itself (each runs once). */
  performHere(): void;
  /** Rejects the unanswered requests (the tab left sync). */
  dispose(): void;
}

/**
 * Forwarding of `send`, `stop`, `retry`, `edit`, `regenerate` and branch switches from a
 * follower tab to the leader: each is a
 * `request` with an id; the leader performs it and answers with a `response` to that tab
 * (the follower's promise resolves then, when the leader took it, not when the answer
 * ends). A request still unanswered when the leader leaves is posted again to the next
 * leader, or performed here if this tab takes over, so it runs once. `flush` posts the
 * events mirrored before the answer.
 *
 * @example
 * ```ts
 * const actions = forwardActions(link, mirror.flush);
 * await actions.forward('send', 'Hello'); // in a follower tab
 * ```
 */
export function forwardActions(link: TabLink, flush: () => void): ActionForwarding {
  const pending = new Map<string, Pending>();

  return {
    forward(action, args = {}) {
      return new Promise<void>((resolve, reject) => {
        if (link.disposed()) {
          reject(new Error(`chatwire: cannot ${action}: this tab's sync of "${link.name}" was disposed. Create a new store.`));
          return;
        }
        const message: Pending['message'] = { type: 'request', id: link.newId(), action, ...args };
        pending.set(message.id, { message, resolve, reject });
        link.post(message);
      });
    },
    serve(request) {
      let error: string | undefined;
      try {
        void performAction(link.controller, request.action, request).catch((e: unknown) => {
          console.error(`chatwire: the ${request.action} forwarded by another tab failed:`, e);
        });
      } catch (e) {
        // `String(e)`, not the session's `messageOf`: importing it from this lazy chunk would
        // put a shared chunk into the initial bundle (about 0.1 kB gzip, over the hooks budget).
        error = String(e);
      }
      flush();
      link.post({ type: 'response', to: request.from, id: request.id, ...(error === undefined ? {} : { error }) });
    },
    answered(response) {
      const p = response.to === link.tabId ? pending.get(response.id) : undefined;
      if (!p) return;
      pending.delete(response.id);
      if (response.error === undefined) p.resolve();
      else p.reject(new Error(`chatwire: the leader tab could not ${p.message.action}: ${response.error}`));
    },
    resend() {
      for (const p of pending.values()) link.post(p.message);
    },
    performHere() {
      for (const [id, p] of [...pending]) {
        pending.delete(id);
        void performAction(link.controller, p.message.action, p.message);
        p.resolve();
      }
    },
    dispose() {
      for (const p of pending.values()) {
        p.reject(new Error(`chatwire: this tab's sync of "${link.name}" was disposed before the leader tab took the ${p.message.action}.`));
      }
      pending.clear();
    },
  };
}
