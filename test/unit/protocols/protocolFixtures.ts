import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChatEvent } from '../../../src/core/events';
import { CHAT_PROTOCOLS, type ResolvedChatProtocol } from '../../../src/core/protocols/index';

/** One recorded stream under test/fixtures/<protocol>/ and the events it must decode to. */
export interface ProtocolFixture {
  protocol: ResolvedChatProtocol;
  name: string;
  /** `<protocol>/<file>`, for test titles. */
  label: string;
  bytes: Uint8Array;
  expected: ChatEvent[];
}

const ROOT = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Every `<name>.sse` / `<name>.txt` with its `<name>.events.json`, for every protocol. */
export function loadProtocolFixtures(): ProtocolFixture[] {
  const fixtures: ProtocolFixture[] = [];
  for (const protocol of CHAT_PROTOCOLS) {
    const dir = join(ROOT, protocol);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const match = /^(.+)\.(sse|txt)$/.exec(file);
      if (match === null || match[1] === undefined) continue;
      const name = match[1];
      const expectedFile = join(dir, `${name}.events.json`);
      if (!existsSync(expectedFile)) throw new Error(`Fixture ${protocol}/${file} has no ${name}.events.json beside it.`);
      fixtures.push({
        protocol,
        name,
        label: `${protocol}/${file}`,
        bytes: new Uint8Array(readFileSync(join(dir, file))),
        expected: JSON.parse(readFileSync(expectedFile, 'utf8')) as ChatEvent[],
      });
    }
  }
  return fixtures;
}

/** A byte stream that delivers `bytes` cut at the given positions. */
export function streamOf(bytes: Uint8Array, cuts: readonly number[] = []): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts)].filter((n) => n > 0 && n < bytes.length).sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

/** A stream of UTF-8 text, in one chunk or cut at the given byte positions. */
export function textStream(text: string, cuts: readonly number[] = []): ReadableStream<Uint8Array> {
  return streamOf(new TextEncoder().encode(text), cuts);
}

/** Everything an async iterable yields. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * Byte positions where a cut is tricky: inside a multi-byte UTF-8 character and between
 * the CR and LF of a CRLF pair.
 */
export function trickyCuts(bytes: Uint8Array): number[] {
  const cuts: number[] = [];
  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if ((byte & 0xc0) === 0x80) cuts.push(i); // continuation byte: cut inside a character
    if (byte === 0x0a && bytes[i - 1] === 0x0d) cuts.push(i); // between CR and LF
  }
  return cuts;
}
