'use client';
import { forwardRef, useMemo, type CSSProperties, type ReactNode } from 'react';
import type { Citation } from '../core/events';
import { ChatProvider, type ChatProviderProps } from '../react/ChatProvider';
import { useChat } from '../react/useChat';
import { ChatComponentsContext } from './ChatComponentsContext';
import { ChatLabelsContext } from './ChatLabelsContext';
import { partLabels, type ChatLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';
import { Composer as DefaultComposer } from './Composer';
import { ErrorNotice as DefaultErrorNotice } from './ErrorNotice';
import { MessageList as DefaultMessageList } from './MessageList';
import { cx } from './cx';
import { isActivePhase } from '../core/session/phases';
import type { MessageFeedback } from '../core/session/types';
import type { ChatComponents } from './types';
import type { AnyToolRenderers } from './toolRenderers';

/** `ChatWidget` themes: `none` applies no theme class or variables (unstyled). */
export type ChatTheme = 'light' | 'dark' | 'auto' | 'none';

/** What `ChatWidget` adds to the chat options. */
export interface ChatWidgetOwnProps {
  /** Replace parts (`ToolCallCard`, `Message`...) and markdown elements (`a`, `table`...). Keep it stable. */
  components?: ChatComponents;
  /**
   * Custom cards by tool name (`{ send_email: EmailCard }`), given typed props (docs/tools.md);
   * other tools get `ToolCallCard`. The same as `components.toolRenderers`. Keep it stable.
   */
  toolRenderers?: AnyToolRenderers;
  /** Extra classes on the root (`cw-widget`). */
  className?: string;
  /** Inline style of the root. */
  style?: CSSProperties;
  /** Id of the root. */
  id?: string;
  /** Text direction of the widget: `"rtl"` mirrors the layout (user bubbles, composer, borders). Default: inherited from the page. */
  dir?: 'ltr' | 'rtl';
  /** `light`, `dark`, `auto` (follows `prefers-color-scheme`) or `none` (unstyled). Default `"auto"`. */
  theme?: ChatTheme;
  /**
   * Words shown and announced, by key (`send`, `stop`, `toolRunning`...), over the English
   * defaults; see `ChatLabels`. Keep it stable.
   */
  labels?: Partial<ChatLabels>;
  /** Composer placeholder. Default: the `placeholder` label (`"Send a message..."`). */
  placeholder?: string;
  /** Called when a citation badge is clicked (badges are links to the source otherwise). */
  onCitationClick?: (citation: Citation) => void;
  /**
   * Called when a reader rates an answer with its thumbs ("Good response" `'up'`, "Bad
   * response" `'down'`, `null` when taken back). The thumbs show when it is given. The
   * session also records the rating (`feedback`): on chatwire's server it is kept on the
   * message, so it shows after a reload and in the other tabs and devices (docs/branches.md).
   */
  onFeedback?: (messageId: string, value: MessageFeedback | null) => void;
  /** Header shown above the messages. None by default. */
  title?: ReactNode;
  /** Shown while there are no messages. */
  emptyState?: ReactNode;
  /** Banner text while the connection is re-established. Default: the `reconnecting` label (`"Reconnecting..."`). */
  reconnectingLabel?: ReactNode;
}

/** Props of {@link ChatWidget}: every `ChatProvider` option (endpoint, protocol, headers, body, fetch, callbacks...) plus {@link ChatWidgetOwnProps}. */
export interface ChatWidgetProps extends Omit<ChatProviderProps, 'children'>, ChatWidgetOwnProps {}

const NO_LABELS: Partial<ChatLabels> = {};

type BodyProps = Omit<ChatWidgetOwnProps, 'components' | 'labels'>;

const ChatWidgetBody = forwardRef<HTMLDivElement, BodyProps & { parts: ChatComponents }>(function ChatWidgetBody(
  { parts, className, style, id, dir, theme = 'auto', placeholder, onCitationClick, onFeedback, title, emptyState, reconnectingLabel },
  ref,
) {
  const { messages, phase, connection, error, send, stop, retry } = useChat();
  const labels = useLabelsOver(partLabels);
  const { MessageList = DefaultMessageList, Composer = DefaultComposer, ErrorNotice = DefaultErrorNotice } = parts;
  const active = isActivePhase(phase);
  const last = messages[messages.length - 1];
  const errorShownInMessage = last?.parts.some((part) => part.type === 'error') ?? false;
  const themed = theme !== 'none';

  return (
    <div
      ref={ref}
      id={id}
      dir={dir}
      style={style}
      className={cx('cw-widget', themed && 'cw-theme', className)}
      data-theme={themed ? theme : undefined}
      data-phase={phase}
      data-connection={connection}
    >
      {title !== undefined && <div className="cw-widget-header">{title}</div>}
      {connection === 'reconnecting' && (
        <div className="cw-banner" role="status" data-connection="reconnecting">
          {reconnectingLabel ?? labels.reconnecting}
        </div>
      )}
      <MessageList
        messages={messages}
        phase={phase}
        onRetry={retry}
        onCitationClick={onCitationClick}
        onFeedback={onFeedback}
        emptyState={emptyState}
      />
      {phase === 'error' && error && !errorShownInMessage && <ErrorNotice error={error} onRetry={retry} />}
      <div className="cw-widget-footer">
        <Composer onSend={(text) => void send(text)} onStop={() => void stop()} generating={active} placeholder={placeholder} />
      </div>
    </div>
  );
});

/**
 * The drop-in chat: messages, tool calls, status, errors with Retry, a composer with Stop,
 * a "Reconnecting..." banner, all wired to one chat session. Every `ChatProvider` option
 * passes through.
 *
 * State: `data-phase`, `data-connection`, `data-theme` on the root (`cw-widget`).
 *
 * @example
 * <ChatWidget endpoint="/api/chat" title="Assistant" theme="auto" onError={(e) => report(e)} />
 */
export const ChatWidget = forwardRef<HTMLDivElement, ChatWidgetProps>(function ChatWidget(
  {
    components,
    toolRenderers,
    labels,
    className,
    style,
    id,
    dir,
    theme,
    placeholder,
    onCitationClick,
    onFeedback,
    title,
    emptyState,
    reconnectingLabel,
    ...options
  },
  ref,
) {
  const parts = useMemo(() => (toolRenderers ? { ...components, toolRenderers } : (components ?? {})), [components, toolRenderers]);
  return (
    <ChatProvider {...options}>
      <ChatComponentsContext.Provider value={parts}>
        <ChatLabelsContext.Provider value={labels ?? NO_LABELS}>
          <ChatWidgetBody
            ref={ref}
            parts={parts}
            className={className}
            style={style}
            id={id}
            dir={dir}
            theme={theme}
            placeholder={placeholder}
            onCitationClick={onCitationClick}
            onFeedback={onFeedback}
            title={title}
            emptyState={emptyState}
            reconnectingLabel={reconnectingLabel}
          />
        </ChatLabelsContext.Provider>
      </ChatComponentsContext.Provider>
    </ChatProvider>
  );
});
