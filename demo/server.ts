import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createChatHandler,
  createMockModel,
  modelFromEnv,
  toNodeHandler,
  type ChatHandlerFaults,
  type ConversationStore,
  type ModelSource,
} from '../src/server/index';
import { defaultDemoOutDir } from './build';
import { demoUserSetCookie, isDemoUserId, newDemoUser, readDemoUser } from './demoUser';
import { serveStatic } from './serveStatic';

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Port on `host`. Default: `PORT` from the environment, else 5173. `0` picks a free port. */
  port?: number;
  /** Interface to listen on. Default `'127.0.0.1'` (never all interfaces). */
  host?: string;
  /** The built page to serve. Default `demo/dist` (what `npm run demo` builds). */
  staticDir?: string;
  /** The model source. Default: `modelFromEnv()` (OpenAI/Anthropic when a key is set), else the mock model. */
  model?: ModelSource;
  /** Where conversations live. Default: the handler's memory store. */
  store?: ConversationStore;
  /** Generations one demo user may run at once (beyond it: 429). Default 3. */
  maxStreamsPerUser?: number;
  /** Connection faults (tests only). Default: the model's own `faults` (the mock's `dropAfterEvents`). */
  faults?: ChatHandlerFaults;
  /** Sees every request to the chat API before it is handled (tests count stream connections). */
  onApiRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A running demo server. */
export interface DemoServer {
  /** e.g. `http://127.0.0.1:5173/`. */
  url: string;
  port: number;
  /** The model source in use (the mock exposes its counters). */
  model: ModelSource;
  /** Stops accepting connections, ends open streams and resolves once closed. */
  close(): Promise<void>;
}

/**
 * `GET /demo/sign-in?user=<id>&c=<conversationId>`: makes this browser the demo user `id`
 * (what signing in on a second device is in a real app), then opens the conversation.
 * Demo only: the link is a credential, like a magic sign-in link.
 */
function signIn(req: IncomingMessage, res: ServerResponse): void {
  const query = new URL(req.url ?? '/', 'http://x').searchParams;
  const user = query.get('user');
  const conversationId = query.get('c');
  if (!isDemoUserId(user)) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Bad sign-in link: "user" must be a demo user id (16-64 letters, digits or dashes); received ${JSON.stringify(user)}. Copy the "Link for another device or browser" from the demo page again.`);
    return;
  }
  const target = conversationId ? `/?c=${encodeURIComponent(conversationId)}` : '/';
  res.writeHead(302, { location: target, 'set-cookie': demoUserSetCookie(user), 'cache-control': 'no-store' });
  res.end();
}

/**
 * Serves the built demo page and the chat API from one `node:http` server.
 * Every browser gets a demo user id in a cookie on its first request; the API sees that
 * id as the user, so another browser opening your conversation really gets 404.
 *
 * @example
 * ```ts
 * const demo = await startDemoServer({ port: 0, model: createMockModel() });
 * console.log(demo.url);
 * await demo.close();
 * ```
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (process.env.PORT ? Number(process.env.PORT) : 5173);
  const endpoint = '/api/chat'; // where the page's ChatWidget sends
  // The demo tools take a moment, so the tool cards show their elapsed time ticking.
  const model = options.model ?? modelFromEnv() ?? createMockModel({ toolDelayMs: 1500 });
  const chat = createChatHandler({
    model,
    basePath: endpoint,
    maxConcurrentStreamsPerUser: options.maxStreamsPerUser ?? 3,
    authorize: (request) => {
      const userId = readDemoUser(request.headers.get('cookie'));
      return userId ? { userId } : null;
    },
    ...(options.store && { store: options.store }),
    ...(options.faults && { faults: options.faults }),
  });
  const api = toNodeHandler(chat);
  const staticFiles = serveStatic(options.staticDir ?? defaultDemoOutDir);

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === endpoint || path.startsWith(`${endpoint}/`)) {
      options.onApiRequest?.(req, res);
      api(req, res);
      return;
    }
    let userId = readDemoUser(req.headers.cookie);
    if (path === '/demo/sign-in') {
      signIn(req, res);
      return;
    }
    if (!userId) {
      const fresh = newDemoUser();
      userId = fresh.userId;
      res.setHeader('set-cookie', fresh.setCookie);
    }
    if (path === '/demo-info.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ model: model.name, userId }));
      return;
    }
    await staticFiles(req, res);
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Demo server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    model,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await chat.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
