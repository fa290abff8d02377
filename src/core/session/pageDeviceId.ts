/** The `localStorage` key of this browser's device id. */
const KEY = 'chatwire:device';
/** Where the id lives without `localStorage` (one per page): shared by every copy of this module. */
const FALLBACK = Symbol.for('chatwire.deviceId');

/**
 * This browser's id in the claims on page-tool calls (`clientTools`): a random id kept in
 * `localStorage` under `chatwire:device`, so every tab of the browser (and a reload) has
 * the same one and another device another; without `localStorage` (private mode, a
 * worker, Node), one per page. Read when a claim is made or shown, never at import.
 * Internal (the session's runner and the tool card read it).
 *
 * @example pageDeviceId() // 'd-4f1c2a9e-...'
 */
export function pageDeviceId(): string {
  try {
    const storage = globalThis.localStorage;
    const stored = storage.getItem(KEY);
    if (stored !== null && /^[A-Za-z0-9_.:-]{1,128}$/.test(stored)) return stored;
    const id = randomId();
    storage.setItem(KEY, id);
    return id;
  } catch {
    const global = globalThis as { [FALLBACK]?: string };
    return (global[FALLBACK] ??= randomId());
  }
}

function randomId(): string {
  return `d-${globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`}`;
}
