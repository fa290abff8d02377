import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles a test page's entry (`.tsx`, React in production mode, CSS imports dropped) into one ES module. */
export async function bundlePage(entry: URL): Promise<Uint8Array> {
  const bundle = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    jsx: 'automatic',
    write: false,
    logLevel: 'error',
    loader: { '.css': 'empty' },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return bundle.outputFiles[0]?.contents ?? new Uint8Array();
}

/** A page server's routes: `/` is the page, `/page.js` its script; `api` answers anything else under `/api/`. */
export interface PageServerOptions {
  script: Uint8Array;
  title: string;
  /** Extra headers on the page itself (e.g. a `set-cookie` that signs the browser in). */
  pageHeaders?: Record<string, string>;
  api?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * A `node:http` server of a bundled test page (and optionally the chat API next to it).
 *
 * @example const server = pageServer({ script: await bundlePage(new URL('./page.tsx', import.meta.url)), title: 'tabs', api });
 */
export function pageServer({ script, title, pageHeaders = {}, api }: PageServerOptions): Server {
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title><div id="root"></div><script type="module" src="/page.js"></script>`;
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (api && path.startsWith('/api/')) api(req, res);
    else if (path === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (path === '/') res.writeHead(200, { 'content-type': 'text/html', ...pageHeaders }).end(html);
    else res.writeHead(404).end();
  });
}

/** Listens on a free 127.0.0.1 port; resolves to `http://127.0.0.1:<port>`. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes a server and every connection it still holds (SSE streams included). */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Starts a conversation with one finished exchange on the chat API at `baseUrl`; returns its id. */
export async function newConversation(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: { id: `hello-${Date.now()}`, text: 'hello' } }),
  });
  await response.text();
  const id = response.headers.get('x-chatwire-conversation-id');
  if (!id) throw new Error(`The server named no conversation (status ${response.status}).`);
  return id;
}
