'use client';
import { useEffect, useState } from 'react';
import { ChatWidget, ThreadList, useConversations } from '../src/index';
import { DEMO_CLIENT_TOOLS } from './localTimeTool';
import { DEMO_TOOL_RENDERERS } from './LocalTimeCard';
import { useThreadChat } from '../src/components/useThreadChat';
import '../src/styles.css';
import './demo.css';

/** mermaid is an optional peer: the demo passes its loader, so "math" prompts draw their diagram. */
const DEMO_PARTS = { loadMermaid: () => import('mermaid') };

/**
 * The thumbs show when the app listens to ratings; the session records each one on the
 * server (a reload, another tab or device shows it), and the app hears it here.
 */
function logRating(messageId: string, value: 'up' | 'down' | null): void {
  console.info(`rating of ${messageId}: ${value ?? 'taken back'}`);
}

/** The conversation id in the page URL (`?c=...`), if any. */
function conversationIdFromUrl(): string | null {
  return new URLSearchParams(window.location.search).get('c');
}

/** `/?c=<id>`: the address another tab or device opens to follow this conversation. */
function conversationHref(conversationId: string): string {
  return `/?c=${encodeURIComponent(conversationId)}`;
}

/**
 * The demo page: an ordinary app (header, sidebar, main area). The sidebar is the user's
 * conversations (`ThreadList`: New conversation, titles, running badges, unread dots, live
 * across tabs and devices); the main area is the chat of the one selected, whose id is in
 * the URL, so a reload resumes the answer in flight and another tab or device opening the
 * same URL shows the conversation and follows it (the session's `follow` option).
 */
export function App() {
  const list = useConversations({ endpoint: '/api/chat', selectedId: conversationIdFromUrl() });
  const chat = useThreadChat(list);
  const conversationId = list.selectedId;
  const [info, setInfo] = useState<{ model?: string; userId?: string }>({});

  // The selection is the URL: ?c=<id>, or / for a new conversation.
  useEffect(() => {
    const target = conversationId ? conversationHref(conversationId) : '/';
    if (`${window.location.pathname}${window.location.search}` !== target) window.history.replaceState(null, '', target);
  }, [conversationId]);

  useEffect(() => {
    fetch('/demo-info.json')
      .then((response): Promise<{ model?: string; userId?: string }> => (response.ok ? response.json() : Promise.resolve({})))
      .then(setInfo)
      .catch(() => setInfo({}));
  }, []);

  const deviceLink =
    conversationId && info.userId
      ? `${window.location.origin}/demo/sign-in?user=${encodeURIComponent(info.userId)}&c=${encodeURIComponent(conversationId)}`
      : undefined;

  return (
    <div className="demo-app">
      <header className="demo-header">
        <h1>chatwire demo</h1>
        <small data-testid="model-name">{info.model ? `model: ${info.model}` : ''}</small>
      </header>
      <aside className="demo-sidebar">
        <ThreadList list={list} />
        <a
          href={conversationId ? conversationHref(conversationId) : undefined}
          target="_blank"
          rel="noopener"
          aria-disabled={conversationId ? undefined : 'true'}
        >
          Open in another tab
        </a>
        {deviceLink && (
          <label className="demo-device-link">
            Link for another device or browser (signs it in as you):
            <input readOnly value={deviceLink} onFocus={(event) => event.currentTarget.select()} />
          </label>
        )}
        <p>
          Switch conversations while one answers: it keeps running (badge) and is complete when
          you come back. Reload mid-answer: the stream resumes. Open this conversation in another
          tab, or with the link above on another device, to follow it live. Any other browser is
          another demo user and gets 404 (not yours looks like not there).
        </p>
        <p>
          Under each message: Copy, Edit (prompts), Regenerate and the thumbs (answers). An edit
          or a regeneration is a new version beside the old one, even mid-answer; the arrows
          under it switch versions, and the version shown is kept after a reload and in every tab.
        </p>
      </aside>
      <main className="demo-main">
        <ChatWidget
          key={chat.chatKey}
          endpoint="/api/chat"
          conversationId={chat.conversationId}
          follow
          clientTools={DEMO_CLIENT_TOOLS}
          toolRenderers={DEMO_TOOL_RENDERERS}
          storageKey={`chatwire:demo:stream:${chat.chatKey}`}
          onEvent={chat.onEvent}
          onFeedback={logRating}
          placeholder="Ask anything..."
          components={DEMO_PARTS}
        />
      </main>
    </div>
  );
}
