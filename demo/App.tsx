'use client';
import { useCallback, useEffect, useState } from 'react';
import { ChatWidget, type ChatEvent } from '../src/index';
import '../src/styles.css';
import './demo.css';
import { createDemoStore } from './createDemoStore';

/** The conversation id in the page URL (`?c=...`), if any. */
function conversationIdFromUrl(): string | undefined {
  return new URLSearchParams(window.location.search).get('c') ?? undefined;
}

/** `/?c=<id>`: the address another tab or device opens to follow this conversation. */
function conversationHref(conversationId: string): string {
  return `/?c=${encodeURIComponent(conversationId)}`;
}

/**
 * The demo page: an ordinary app (header, sidebar, main area) with the chat widget in it.
 * The conversation id lives in the URL, so a reload resumes the answer in flight and another
 * tab or device opening the same URL shows the conversation and follows its answer.
 */
export function App() {
  const [conversationId, setConversationId] = useState(conversationIdFromUrl);
  const [info, setInfo] = useState<{ model?: string; userId?: string }>({});
  // Opened as /?c=<id> (reload, another tab, another device), the session loads the history,
  // picks up the answer in flight and keeps following the conversation live (`follow`).
  const [store] = useState(() => createDemoStore(conversationId));

  // The server names a new conversation in its session event: keep the id in the URL.
  const onEvent = useCallback((event: ChatEvent) => {
    if (event.type !== 'session' || !event.conversationId) return;
    const id = event.conversationId;
    setConversationId(id);
    if (conversationIdFromUrl() !== id) window.history.replaceState(null, '', conversationHref(id));
  }, []);

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
      <nav className="demo-sidebar" aria-label="Conversations">
        <a href="/">New conversation</a>
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
          Reload mid-answer: the stream resumes. Open this conversation in another tab, or with
          the link above on another device, to follow it live. Any other browser is another
          demo user and gets 404 (not yours looks like not there).
        </p>
      </nav>
      <main className="demo-main">
        <ChatWidget store={store} onEvent={onEvent} resumeOnMount={false} placeholder="Ask anything..." />
      </main>
    </div>
  );
}
