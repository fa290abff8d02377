import { ChatwireError, isAbortError, isChatwireError } from '../../../src/core/errors';
import { createBadContentTypeError, createHttpError, createReconnectExhaustedError } from '../../../src/core/failureErrors';
import { serverErrorMessage } from '../../../src/core/serverErrorMessage';

describe('errors', () => {
  it('finds the server message in the usual error bodies', () => {
    expect(serverErrorMessage('{"error":{"message":"bad field: message.text","code":"bad_request"}}').message).toBe(
      'bad field: message.text',
    );
    expect(serverErrorMessage('{"error":"rate limited"}').message).toBe('rate limited');
    expect(serverErrorMessage('{"message":"nope"}').message).toBe('nope');
    expect(serverErrorMessage('plain words').message).toBe('plain words');
    expect(serverErrorMessage('<h1>502</h1> <p>Bad gateway</p>').message).toBe('502 Bad gateway');
    expect(serverErrorMessage('{"unrelated":1}').message).toBe('{"unrelated":1}');
    expect(serverErrorMessage('x'.repeat(1000)).message.length).toBeLessThanOrEqual(201);
  });

  it('marks 408, 429 and 5xx retryable and other 4xx not', () => {
    const retryable = (status: number) => createHttpError({ status, bodyText: '' }).retryable;
    expect([400, 401, 403, 404, 413, 408, 429, 500, 503].map(retryable)).toEqual([
      false, false, false, false, false, true, true, true, true,
    ]);
  });

  it('says what was received and what to do', () => {
    const e = createHttpError({ status: 401, statusText: 'Unauthorized', url: '/api/chat', bodyText: '{"error":"token expired"}' });
    expect(e).toBeInstanceOf(ChatwireError);
    expect(e.message).toBe(
      'HTTP 401 Unauthorized from /api/chat: token expired. Check the credentials or headers sent with the request.',
    );
    expect(e.details).toMatchObject({ body: { error: 'token expired' }, serverMessage: 'token expired' });
    expect(createBadContentTypeError('text/event-stream', null).message).toContain(
      'expected text/event-stream, received no content-type header',
    );
  });

  it('keeps the last error as cause of reconnect_exhausted', () => {
    const last = new Error('socket hang up');
    const e = createReconnectExhaustedError(3, last);
    expect(e.code).toBe('reconnect_exhausted');
    expect(e.cause).toBe(last);
    expect(e.message).toContain('3 attempts');
    expect(e.message).toContain('socket hang up');
  });

  it('recognises abort errors and chatwire errors', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true);
    expect(isAbortError(new DOMException('x', 'TimeoutError'))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
    expect(isChatwireError(new ChatwireError('x', { code: 'network_error' }))).toBe(true);
    expect(isChatwireError(new Error('x'))).toBe(false);
  });
});
