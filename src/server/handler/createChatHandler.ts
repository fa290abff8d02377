import type { ChatHandlerOptions } from './ChatHandlerOptions';
import { cancelRoute } from './cancelRoute';
import { createHandlerContext } from './HandlerContext';
import { historyRoute } from './historyRoute';
import { HttpError } from './HttpError';
import { resumeRoute } from './resumeRoute';
import { startRoute } from './startRoute';

/** A fetch-style handler of every chatwire route, with `close()` and `settled()` for shutdown and tests. */
export interface ChatHandler {
  (request: Request): Promise<Response>;
  /** Cancels the generations running in this process (reason `'shutdown'`) and waits until they have ended. */
  close(): Promise<void>;
  /** Waits until every generation running in this process has ended, without cancelling. */
  settled(): Promise<void>;
}

/**
 * Creates the server side of chatwire: a fetch-style `(Request) => Promise<Response>`
 * handler (Node 20+, Next.js route handlers, Hono, Bun, Deno; `toNodeHandler` adapts it
 * to `node:http`) serving the routes of docs/PROTOCOL.md under `basePath`:
 * `POST {base}` start, `GET {base}/{id}/stream` resume/follow, `POST {base}/{id}/cancel`,
 * `GET {base}/{id}/messages` history. Generation runs in the background and appends to
 * the conversation log; every response is only a subscriber of that log, so a client
 * that disconnects never stops the model. Defaults: see {@link ChatHandlerOptions}.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createChatHandler, toNodeHandler } from 'chatwire/server';
 *
 * const handler = createChatHandler({ authorize: async (req) => ({ userId: 'u1' }) });
 * createServer(toNodeHandler(handler)).listen(3000, '127.0.0.1');
 * ```
 */
export function createChatHandler(options: ChatHandlerOptions = {}): ChatHandler {
  const ctx = createHandlerContext(options);
  const { base } = ctx;
  const routes = `POST ${base}, GET ${base}/{id}/stream, POST ${base}/{id}/cancel, GET ${base}/{id}/messages`;

  const handler = (async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '');
    try {
      if (path === base) {
        allow(request, 'POST');
        return await startRoute(ctx, request);
      }
      const match = path.startsWith(`${base}/`) ? /^([^/]+)\/(stream|cancel|messages)$/.exec(path.slice(base.length + 1)) : null;
      if (!match) throw new HttpError(404, 'not_found', `No chatwire route at ${url.pathname}. Routes: ${routes}.`);
      const conversationId = decodeURIComponent(match[1] as string);
      switch (match[2]) {
        case 'stream':
          allow(request, 'GET');
          return await resumeRoute(ctx, request, conversationId, url);
        case 'cancel':
          allow(request, 'POST');
          return await cancelRoute(ctx, request, conversationId);
        default:
          allow(request, 'GET');
          return await historyRoute(ctx, request, conversationId);
      }
    } catch (error) {
      if (error instanceof HttpError) return error.toResponse();
      console.error('chatwire: handler failed:', error);
      const message = error instanceof Error ? error.message : String(error);
      return new HttpError(500, 'internal_error', `The chat server failed: ${message}`).toResponse();
    }
  }) as ChatHandler;

  handler.settled = () => ctx.local.settled();
  handler.close = async () => {
    ctx.local.abortAll('shutdown');
    await ctx.local.settled();
  };
  return handler;
}

function allow(request: Request, method: string): void {
  if (request.method !== method) {
    throw new HttpError(405, 'method_not_allowed', `This route answers ${method}, not ${request.method}.`, undefined, { Allow: method });
  }
}
