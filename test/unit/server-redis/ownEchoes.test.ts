import type { ChatEvent } from '../../../src/core/events';
import { encodeChatEvent } from '../../../src/core/protocols/encodeChatEvent';
import { OwnEchoes } from '../../../src/server/redis/OwnEchoes';
import { frameOf } from '../../../src/server/store/eventFrames';

const a: ChatEvent = { type: 'text-delta', delta: 'a', at: 1 };
const b: ChatEvent = { type: 'text-delta', delta: 'b', at: 2 };
const jsons = [JSON.stringify(a), JSON.stringify(b)];
const body = jsons.join('\n');

describe('OwnEchoes', () => {
  it("turns the echo of the last batch written into the writer's objects, with the echo's seqs and frames", () => {
    const echoes = new OwnEchoes(10);
    echoes.wrote('c1', body, jsons, [a, b]);
    const events = echoes.decode('c1', `41 ${body}`);
    expect(events?.map((stored) => stored.seq)).toEqual([41, 42]);
    expect(events?.[0]?.event).toBe(a);
    expect(events?.[1]?.event).toBe(b);
    expect(events?.map((stored) => frameOf(stored))).toEqual([encodeChatEvent(a, 41), encodeChatEvent(b, 42)]);
    // Every local subscriber gets the same message: the same objects.
    expect(echoes.decode('c1', `41 ${body}`)).toBe(events);
  });

  it('leaves to parsing an echo that is not the last batch written there: other text, another conversation, an older batch, a forgotten one', () => {
    const echoes = new OwnEchoes(10);
    echoes.wrote('c1', body, jsons, [a, b]);
    expect(echoes.decode('c1', `41 ${body.replace('"a"', '"x"')}`)).toBeNull();
    expect(echoes.decode('c2', `41 ${body}`)).toBeNull();
    expect(echoes.decode('c1', `x ${body}`)).toBeNull();
    echoes.wrote('c1', jsons[1] as string, [jsons[1] as string], [b]);
    expect(echoes.decode('c1', `41 ${body}`)).toBeNull();
    expect(echoes.decode('c1', `43 ${jsons[1]}`)?.[0]?.event).toBe(b);
    echoes.forget('c1');
    expect(echoes.decode('c1', `44 ${jsons[1]}`)).toBeNull();
  });

  it('keeps at most `max` conversations, the least recently written forgotten first', () => {
    const echoes = new OwnEchoes(2);
    echoes.wrote('c1', body, jsons, [a, b]);
    echoes.wrote('c2', body, jsons, [a, b]);
    echoes.wrote('c3', body, jsons, [a, b]);
    expect(echoes.decode('c1', `5 ${body}`)).toBeNull();
    expect(echoes.decode('c2', `5 ${body}`)).not.toBeNull();
    expect(echoes.decode('c3', `5 ${body}`)).not.toBeNull();
  });
});
