import { decodeChatStream } from '../../../src/core/protocols/index';
import { collect, loadProtocolFixtures, streamOf } from './protocolFixtures';

const fixtures = loadProtocolFixtures();

/** Headers a real server would send with this fixture, without the protocol-naming ones. */
function plainHeaders(file: string): Record<string, string> {
  return { 'content-type': file.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'text/event-stream' };
}

describe('protocol fixtures', () => {
  it('covers every protocol with the required kinds of stream', () => {
    const names = (protocol: string) => fixtures.filter((f) => f.protocol === protocol).map((f) => f.name);
    expect(names('chatwire')).toEqual(expect.arrayContaining(['text', 'tools', 'error', 'legacy-session', 'legacy-tools']));
    expect(names('anthropic')).toEqual(expect.arrayContaining(['text', 'tools', 'thinking', 'overloaded']));
    expect(names('openai-chat')).toEqual(expect.arrayContaining(['text', 'tools', 'reasoning', 'error']));
    expect(names('openai-responses')).toEqual(expect.arrayContaining(['text', 'function-call', 'reasoning', 'failed']));
    expect(names('ai-sdk-ui')).toEqual(expect.arrayContaining(['text', 'tools', 'reasoning', 'error']));
    expect(names('ai-sdk-data')).toEqual(expect.arrayContaining(['text', 'tools', 'reasoning', 'error']));
    const crlf = fixtures.filter((f) => new TextDecoder().decode(f.bytes).includes('\r\n'));
    expect(crlf.length).toBeGreaterThan(0);
  });

  describe.each(fixtures)('$label', (fixture) => {
    it('decodes to the expected events with the protocol named', async () => {
      const events = await collect(decodeChatStream(streamOf(fixture.bytes), { protocol: fixture.protocol }));
      expect(events).toStrictEqual(fixture.expected);
    });

    it('decodes to the same events with protocol auto', async () => {
      const file = fixture.label;
      const events = await collect(decodeChatStream(streamOf(fixture.bytes), { protocol: 'auto', headers: plainHeaders(file) }));
      expect(events).toStrictEqual(fixture.expected);
    });
  });
});
