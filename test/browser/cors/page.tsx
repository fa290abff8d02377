'use client';
/**
 * The page of the cross-origin browser test: a ChatWidget whose endpoint is on another
 * origin (`?api=<url>`), sending cookies (`credentials: 'include'`). `?drop=<n>` asks the
 * test server to drop the start request's connection after n events, so the widget must
 * resume cross-origin.
 */
import { createRoot } from 'react-dom/client';
import { ChatWidget } from '../../../src/components/ChatWidget';

const params = new URL(location.href).searchParams;
const api = params.get('api');
if (!api) throw new Error('The CORS test page needs ?api=<chat endpoint URL on another origin>.');
const drop = params.get('drop');

createRoot(document.getElementById('root') as HTMLElement).render(
  <ChatWidget
    endpoint={api}
    credentials="include"
    headers={drop ? { 'x-chatwire-fault-drop-after': drop } : undefined}
    storage={null}
    multiTab={false}
    theme="none"
  />,
);
