import { bindTabSync } from './bindTabSync';
import { openTabSync } from './openTabSync';

/**
 * The multi-tab chunk, loaded on demand by `withLazyTabSync` (the chat store's multi-tab
 * path) and imported statically by the public `createTabSync` and `withTabSync`, which call
 * into it: leader election, mirroring, forwarding and their wiring ship once, here. An object
 * defined in this module (not a re-export), so each importer's import stays on this module
 * and the build can point it at the lazy file. Internal.
 */
export const tabSyncChunk = { openTabSync, bindTabSync };
