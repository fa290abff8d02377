/**
 * The public contract, pinned: each entry's runtime export list. A change here is a
 * deliberate decision about what users get (add the name, or remove it and say so in the
 * changelog), never a side effect of `export *`. Internals (the word splitter, the excerpt
 * helper, the loaded-chunk check, the store's React context) are not exported.
 */
import * as core from '../../../src/core/index';
import * as main from '../../../src/index';
import * as server from '../../../src/server/index';

const names = (mod: object): string[] => Object.keys(mod).sort();

describe('public exports', () => {
  it('chatwire/core', () => {
    expect(names(core)).toMatchInlineSnapshot(`
      [
        "CHAT_EVENT_TYPES",
        "CHAT_PROTOCOLS",
        "CITATION_ELEMENT",
        "CURSOR_ELEMENT",
        "ChatwireError",
        "DEFAULT_ALLOWED_PROTOCOLS",
        "DEFAULT_ENDPOINT",
        "DEFAULT_MAX_EVENT_SIZE",
        "activePath",
        "applyConversationEvent",
        "backoffDelay",
        "chatReducer",
        "connectSSE",
        "createBadContentTypeError",
        "createBlockSplitter",
        "createChatController",
        "createChatDecoder",
        "createChatStore",
        "createCitationBuffer",
        "createConversationsStore",
        "createEventTooLargeError",
        "createFrameScheduler",
        "createHttpError",
        "createIdleTimeoutError",
        "createNetworkError",
        "createReconnectExhaustedError",
        "createTabSync",
        "createWordBuffer",
        "decodeChatStream",
        "decodeChatwireMessage",
        "defaultCitationPatterns",
        "detectProtocolFromHeaders",
        "detectProtocolFromMessage",
        "emptyChatMetrics",
        "encodeChatEvent",
        "holdBackInline",
        "initialChatState",
        "isAbortError",
        "isActivePhase",
        "isChatwireError",
        "isTerminalLine",
        "isTerminalMessage",
        "loadTailRepair",
        "matchCitation",
        "numericCitationPattern",
        "prepareTail",
        "readLines",
        "readSSE",
        "rehypeStreamingTail",
        "remarkCitations",
        "resolveMultiTab",
        "sanitizeUrl",
        "serverErrorMessage",
        "timestampCitationPattern",
        "titleFromPrompt",
        "withTabSync",
      ]
    `);
  });

  it('chatwire (core, hooks, markdown and components)', () => {
    // Everything of chatwire/core, plus the React half.
    expect(names(core).filter((name) => !(name in main))).toEqual([]);
    expect(names(main).filter((name) => !(name in core))).toMatchInlineSnapshot(`
      [
        "BranchPicker",
        "ChatComponentsContext",
        "ChatLabelsContext",
        "ChatProvider",
        "ChatWidget",
        "CitationBadge",
        "CodeBlock",
        "Composer",
        "Cursor",
        "CustomToolCall",
        "ErrorNotice",
        "Message",
        "MessageActions",
        "MessageEditor",
        "MessageList",
        "Reasoning",
        "StatusLine",
        "StreamingMarkdown",
        "ThreadItem",
        "ThreadList",
        "ThreadListWidget",
        "ToolApprovalControls",
        "ToolCallCard",
        "defaultLabels",
        "highlightCode",
        "resolveLanguage",
        "useBranch",
        "useChat",
        "useChatComponents",
        "useChatMetrics",
        "useChatStore",
        "useChatStoreApi",
        "useConversations",
        "useIsStreaming",
        "useLabels",
        "useMessage",
        "useMessageIds",
      ]
    `);
  });

  it('chatwire/server', () => {
    expect(names(server)).toMatchInlineSnapshot(`
      [
        "HttpError",
        "StoreError",
        "createAnthropicModel",
        "createChatHandler",
        "createDemoTools",
        "createMemoryStore",
        "createMockModel",
        "createOpenAIModel",
        "createRedisStore",
        "modelFromEnv",
        "pickScenario",
        "toNodeHandler",
      ]
    `);
  });

  it('keeps internals out', () => {
    for (const name of ['errorExcerpt', 'partialWordStart', 'loadedTailRepair', 'ChatStoreContext']) {
      expect(name in main, name).toBe(false);
      expect(name in core, name).toBe(false);
    }
  });
});
