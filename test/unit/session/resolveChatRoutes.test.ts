import { resolveChatRoutes } from '../../../src/core/session/resolveChatRoutes';
import { createStreamPersistence } from '../../../src/core/session/createStreamPersistence';
import { memoryStorage } from './fakeChatFetch';

describe('resolveChatRoutes', () => {
  it('derives the protocol routes from the endpoint, encoding the id', () => {
    const r = resolveChatRoutes({ endpoint: '/x/chat/' });
    expect(r.endpoint).toBe('/x/chat/');
    expect(r.resume.route?.('a b')).toBe('/x/chat/a%20b/stream');
    expect(r.cancel.route?.('c1')).toBe('/x/chat/c1/cancel');
    expect(r.history.route?.('c1')).toBe('/x/chat/c1/messages');
    expect(r.resume.derived).toBe(true);
  });

  it('defaults to /api/chat; explicit routes and null win', () => {
    const r = resolveChatRoutes({ cancelEndpoint: (id) => `/stop?c=${id}`, historyEndpoint: null });
    expect(r.resume.route?.('c')).toBe('/api/chat/c/stream');
    expect(r.cancel).toMatchObject({ derived: false });
    expect(r.cancel.route?.('c')).toBe('/stop?c=c');
    expect(r.history).toEqual({ route: null, derived: false });
  });
});

describe('createStreamPersistence', () => {
  it('writes, reads and clears one record under the key', () => {
    const storage = memoryStorage();
    const p = createStreamPersistence(storage, 'k');
    expect(p.read()).toBeNull();
    p.write({ conversationId: 'c', streamId: 's', lastEventId: '3' });
    expect(JSON.parse(storage.getItem('k') ?? '')).toEqual({ conversationId: 'c', streamId: 's', lastEventId: '3' });
    expect(p.read()).toEqual({ conversationId: 'c', streamId: 's', lastEventId: '3' });
    p.clear();
    expect(storage.getItem('k')).toBeNull();
  });

  it('ignores broken records and failing storage', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(createStreamPersistence(storage, 'k').read()).toBeNull();
    const failing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); }, removeItem: () => { throw new Error('x'); } };
    const p = createStreamPersistence(failing, 'k');
    expect(() => p.write({ conversationId: 'c', streamId: null, lastEventId: '' })).not.toThrow();
    expect(p.read()).toBeNull();
    expect(() => p.clear()).not.toThrow();
  });

  it('null storage persists nothing', () => {
    const p = createStreamPersistence(null, 'k');
    p.write({ conversationId: 'c', streamId: null, lastEventId: '1' });
    expect(p.read()).toBeNull();
  });
});
