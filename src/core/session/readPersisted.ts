import type { PersistedStream } from './ChatStorage';
import type { Session } from './createSession';

/** The remembered in-flight stream, unless it belongs to another conversation than the one configured. Internal. */
export function readPersisted(session: Session): PersistedStream | null {
  const record = session.persistence.read();
  if (!record) return null;
  const wanted = session.options.conversationId ?? session.state.conversationId;
  return wanted && wanted !== record.conversationId ? null : record;
}
