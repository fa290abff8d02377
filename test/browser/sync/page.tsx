/**
 * The page of the multi-tab browser test: a ChatProvider on the conversation `?c=<id>`
 * (multi-tab sync on by default), the last answer as plain text, a prompt box, Send and
 * Stop. The tab's role shows as `data-tab-role` on <body>.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatProvider } from '../../../src/react/ChatProvider';
import { useChat } from '../../../src/react/useChat';
import type { ChatMessage } from '../../../src/core/session/types';

const textOf = (m: ChatMessage | undefined): string =>
  (m?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');

function Chat() {
  const { messages, phase, send, stop } = useChat();
  const [text, setText] = useState('');
  const answer = [...messages].reverse().find((m) => m.role === 'assistant');
  return (
    <main id="chat" data-phase={phase} data-count={messages.length}>
      <pre id="answer">{textOf(answer)}</pre>
      <input aria-label="Message" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="button" onClick={() => void send(text)}>
        Send
      </button>
      <button type="button" onClick={() => void stop()}>
        Stop
      </button>
    </main>
  );
}

const conversationId = new URL(location.href).searchParams.get('c') ?? undefined;
createRoot(document.getElementById('root') as HTMLElement).render(
  <ChatProvider
    conversationId={conversationId}
    // These pages count the streams of one answer: no follow connection between answers.
    follow={false}
    multiTab={{ onRoleChange: (role) => (document.body.dataset.tabRole = role) }}
  >
    <Chat />
  </ChatProvider>,
);
