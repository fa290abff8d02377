import type { ChatHandlerOptions } from './ChatHandlerOptions';
import { approvalRoute } from './approvalRoute';
import { branchRoute } from './branchRoute';
import { cancelRoute } from './cancelRoute';
import { answerConversationRoute, CONVERSATION_ROUTES } from './conversationRoutes';
import { createCors, type CorsAccess } from './createCors';
import { feedbackRoute } from './feedbackRoute';
import { createHandlerContext } from './HandlerContext';
import { historyRoute } from './historyRoute';
import { HttpError } from './HttpError';
import { matchRoute } from './matchRoute';
import { refuseForeignRequest } from './refuseForeignRequest';
import { resumeRoute } from './resumeRoute';
import { startRoute } from './startRoute';
import { toolResultRoute } from './toolResultRoute';
import { toolClaimRoute } from './toolClaimRoute';

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
 * `GET {base}/{id}/messages` history (the message tree), `POST {base}/{id}/branch` the branch
 * shown (docs/branches.md), `POST {base}/{id}/tool-calls/{toolCallId}/decision`
 * approval decisions, `POST {base}/{id}/tool-calls/{toolCallId}/claim` and `.../result` the
 * page's tool claims and results, `POST {base}/{id}/messages/{messageId}/feedback` a reader's
 * rating of an answer, and the user's conversation list (`{base}/conversations`,
 * docs/conversations.md). Generation runs in the background and appends to
 * the conversation log; every response is only a subscriber of that log, so a client
 * that disconnects never stops the model. Same-origin only unless `cors` names the origins
 * of the pages that may call; every POST must be JSON. Every buffer, connection count and
 * store call is bounded (see {@link ChatHandlerOptions} for the limits and defaults).
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
  const routes = `POST ${base}, GET ${base}/{id}/stream, POST ${base}/{id}/cancel, GET ${base}/{id}/messages, POST ${base}/{id}/branch, POST ${base}/{id}/tool-calls/{toolCallId}/decision, POST ${base}/{id}/tool-calls/{toolCallId}/result, POST ${base}/{id}/tool-calls/{toolCallId}/claim, POST ${base}/{id}/messages/{messageId}/feedback, ${CONVERSATION_ROUTES.replaceAll('{base}', base)}`;
  const cors = options.cors ? createCors(options.cors, ctx.faults.allowRequestHeader ? ['x-chatwire-fault-drop-after'] : []) : null;

  const answer = async (request: Request, url: URL, access: CorsAccess | null): Promise<Response> => {
    const listRoute = answerConversationRoute(ctx, request, url, cors, access);
    if (listRoute) return await listRoute;
    const route = matchRoute(base, url.pathname);
    if (!route) throw new HttpError(404, 'not_found', `No chatwire route at ${url.pathname}. Routes: ${routes}.`);
    refuseForeignRequest(request, access, cors !== null);
    if (cors && access && request.method === 'OPTIONS') return cors.preflight(request, route.method, access);
    allow(request, route.method, cors !== null);
    switch (route.name) {
      case 'start':
        return await startRoute(ctx, request);
      case 'stream':
        return await resumeRoute(ctx, request, route.conversationId, url);
      case 'cancel':
        return await cancelRoute(ctx, request, route.conversationId);
      case 'branch':
        return await branchRoute(ctx, request, route.conversationId);
      case 'decision':
        return await approvalRoute(ctx, request, route.conversationId, route.toolCallId ?? '');
      case 'result':
        return await toolResultRoute(ctx, request, route.conversationId, route.toolCallId ?? '');
      case 'claim':
        return await toolClaimRoute(ctx, request, route.conversationId, route.toolCallId ?? '');
      case 'feedback':
        return await feedbackRoute(ctx, request, route.conversationId, route.messageId ?? '');
      default:
        return await historyRoute(ctx, request, route.conversationId);
    }
  };

  const handler = (async (request: Request): Promise<Response> => {
    let response: Response;
    let access: CorsAccess | null = null;
    try {
      access = cors ? await cors.check(request) : null;
      response = await answer(request, new URL(request.url), access);
    } catch (error) {
      if (error instanceof HttpError) {
        response = error.toResponse();
      } else {
        console.error('chatwire: handler failed:', error);
        response = new HttpError(500, 'internal_error', 'The chat server failed on this request (the cause is in its logs). Try again.').toResponse();
      }
    }
    return cors && access ? cors.decorate(response, access) : response;
  }) as ChatHandler;

  handler.settled = () => ctx.local.settled();
  handler.close = async () => {
    ctx.local.abortAll('shutdown');
    await ctx.local.settled();
  };
  return handler;
}

function allow(request: Request, method: string, cors: boolean): void {
  if (request.method === method) return;
  const hint = request.method === 'OPTIONS'
    ? ' Browsers send OPTIONS before a cross-origin request: to let pages of other origins call, pass cors: { origin: [...] } to createChatHandler.'
    : '';
  throw new HttpError(405, 'method_not_allowed', `This route answers ${method}, not ${request.method}.${hint}`, undefined, { Allow: cors ? `${method}, OPTIONS` : method });
}
