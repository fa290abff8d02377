/**
 * The page of the follower-connection browser test: a `ChatWidget` on the conversation
 * `?c=<id>` (multi-tab sync on by default). Its prompts ask the server to drop their stream
 * after `?drop=<n>` events (the server's test-mode fault header); reconnects wait 1 s, so
 * "Reconnecting..." shows a while. The tab's role shows as `data-tab-role` on <body>, and
 * every change of the widget's `data-connection` (with the banner's text, if any) is
 * recorded in `window.connections`.
 */
import { createRoot } from 'react-dom/client';
import { ChatWidget } from '../../../src/components/ChatWidget';

interface Seen {
  connection: string | undefined;
  banner: string | null;
}
const seen: Seen[] = [];
(window as unknown as { connections: Seen[] }).connections = seen;
new MutationObserver(() => {
  const root = document.querySelector<HTMLElement>('.cw-widget');
  if (!root) return;
  const now: Seen = { connection: root.dataset.connection, banner: root.querySelector('.cw-banner')?.textContent ?? null };
  const last = seen.at(-1);
  if (!last || last.connection !== now.connection || last.banner !== now.banner) seen.push(now);
}).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-connection'] });

const params = new URL(location.href).searchParams;
const drop = params.get('drop');
createRoot(document.getElementById('root') as HTMLElement).render(
  <ChatWidget
    conversationId={params.get('c') ?? undefined}
    // The connection states of one answer: no follow connection between answers.
    follow={false}
    headers={drop ? { 'x-chatwire-fault-drop-after': drop } : {}}
    transport={{ backoff: { initialMs: 1000, jitter: 'none' } }}
    multiTab={{ onRoleChange: (role) => (document.body.dataset.tabRole = role) }}
  />,
);
