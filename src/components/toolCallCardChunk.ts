'use client';
import { ChatStoreContext } from '../react/ChatStoreContext';
import { ChatComponentsContext } from './ChatComponentsContext';
import { ChatLabelsContext } from './ChatLabelsContext';
import { ToolCallCard } from './ToolCallCard';

/**
 * The tool card's chunk, loaded on demand by `LazyToolCallCard` (`Message`'s default tool
 * card): `ToolCallCard` with its approval controls, the app's own tool cards and the helpers
 * they use. Its importer (`loadToolCallCard`) imports nothing, so the build bundles this
 * chunk with all it uses and it shares no module with the initial code (a shared module
 * would make esbuild split it into a file every app loads, hooks-only ones too). So the
 * built chunk has its own copies of the React contexts the card reads: `contexts` hands
 * them back, and `LazyToolCallCard` provides each from the page's own (the same list, in
 * the same order). Internal.
 */
export const toolCallCardChunk = {
  ToolCallCard,
  contexts: [ChatStoreContext, ChatComponentsContext, ChatLabelsContext] as const,
};
