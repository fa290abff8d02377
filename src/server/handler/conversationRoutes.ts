import type { CorsAccess, Cors } from './createCors';
import { conversationDeleteRoute } from './conversationDeleteRoute';
import { conversationEventsRoute } from './conversationEventsRoute';
import { conversationListRoute } from './conversationListRoute';
import { conversationRenameRoute } from './conversationRenameRoute';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { decode } from './matchRoute';
import { refuseForeignRequest } from './refuseForeignRequest';

/** A conversation-list route a request names. */
interface ConversationRoute {
  name: 'list' | 'events' | 'rename' | 'delete';
  /** The methods the path answers. */
  methods: readonly string[];
  conversationId: string;
}

/** The routes of the conversation list, for the 404 of an unknown path. */
export const CONVERSATION_ROUTES = 'GET {base}/conversations, GET {base}/conversations/events, PATCH and DELETE {base}/conversations/{id}';

/**
 * `{base}/conversations` (GET: a page of the user's list), `{base}/conversations/events`
 * (GET: the user's list changes as SSE), `{base}/conversations/{id}` (PATCH: rename,
 * DELETE). With the same origin, content-type, CORS and method rules as every route.
 * `null` when the path is none of them.
 */
export function answerConversationRoute(
  ctx: HandlerContext,
  request: Request,
  url: URL,
  cors: Cors | null,
  access: CorsAccess | null,
): Promise<Response> | null {
  const route = matchConversationRoute(ctx.base, url.pathname, request.method);
  if (!route) return null;
  return (async () => {
    refuseForeignRequest(request, access, cors !== null);
    const wanted = request.headers.get('access-control-request-method')?.toUpperCase();
    if (cors && access && request.method === 'OPTIONS') {
      return cors.preflight(request, wanted && route.methods.includes(wanted) ? wanted : (route.methods[0] as string), access);
    }
    if (!route.methods.includes(request.method)) {
      const allow = [...route.methods, ...(cors ? ['OPTIONS'] : [])].join(', ');
      throw new HttpError(405, 'method_not_allowed', `This route answers ${route.methods.join(' and ')}, not ${request.method}.`, undefined, { Allow: allow });
    }
    switch (route.name) {
      case 'list':
        return conversationListRoute(ctx, request, url);
      case 'events':
        return conversationEventsRoute(ctx, request, url);
      case 'rename':
        return conversationRenameRoute(ctx, request, route.conversationId);
      default:
        return conversationDeleteRoute(ctx, request, route.conversationId);
    }
  })();
}

function matchConversationRoute(base: string, pathname: string, method: string): ConversationRoute | null {
  const path = pathname.replace(/\/+$/, '');
  const root = `${base}/conversations`;
  if (path === root) return { name: 'list', methods: ['GET'], conversationId: '' };
  if (path === `${root}/events`) return { name: 'events', methods: ['GET'], conversationId: '' };
  if (!path.startsWith(`${root}/`)) return null;
  const segment = path.slice(root.length + 1);
  if (segment.includes('/')) return null;
  return { name: method === 'DELETE' ? 'delete' : 'rename', methods: ['PATCH', 'DELETE'], conversationId: decode(segment) };
}
