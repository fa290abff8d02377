import type { ChatStorage, PersistedStream } from './ChatStorage';

/** Reads and writes the in-flight stream record. Storage failures (quota, privacy mode) are ignored. */
export interface StreamPersistence {
  read(): PersistedStream | null;
  write(record: PersistedStream): void;
  clear(): void;
}

/** `storage` undefined: `sessionStorage` when it exists (looked up lazily); `null`: nothing is persisted. */
export function createStreamPersistence(storage: ChatStorage | null | undefined, key: string): StreamPersistence {
  const get = (): ChatStorage | null => {
    if (storage !== undefined) return storage;
    try {
      return typeof globalThis.sessionStorage === 'undefined' ? null : globalThis.sessionStorage;
    } catch {
      return null; // access denied (sandboxed iframe)
    }
  };
  let lastWritten: string | null = null;
  return {
    read() {
      try {
        const raw = get()?.getItem(key);
        if (!raw) return null;
        const value = JSON.parse(raw) as Partial<PersistedStream>;
        if (typeof value.conversationId !== 'string' || !value.conversationId) return null;
        return {
          conversationId: value.conversationId,
          streamId: typeof value.streamId === 'string' ? value.streamId : null,
          lastEventId: typeof value.lastEventId === 'string' ? value.lastEventId : '',
        };
      } catch {
        return null;
      }
    },
    write(record) {
      const raw = JSON.stringify(record);
      if (raw === lastWritten) return;
      try {
        get()?.setItem(key, raw);
        lastWritten = raw;
      } catch {
        // quota or privacy mode: resume after reload is lost, streaming goes on
      }
    },
    clear() {
      lastWritten = null;
      try {
        get()?.removeItem(key);
      } catch {
        // ignore
      }
    },
  };
}
