/**
 * The bare writer bench/chatScale.bench.ts compares chatwire's handler with (`RUNS=bare`,
 * or the third run of the default): `node:http` and nothing else, no log, no store, no
 * model loop, no chatwire code. It answers the same routes the bench calls (a start:
 * `POST /api/chat`, answered with the conversation id header; a follower:
 * `GET /api/chat/<id>/stream?follow=1`), writes what chatwire's stream starts with (a
 * user-message and a session frame) to each, and at `GO` writes each stream's TOKENS
 * text-delta frames, in chatwire's SSE format and size, at TOKENS_PER_SECOND on the same
 * clock, to its starter and followers, then `done`. Each frame is framed once as an HTTP
 * chunk and written straight to each socket (one `socket.write` per frame and connection,
 * the cheapest write Node has, as chatwire's Node adapter does). What this process spends
 * is the floor of serving that many connections at that rate from one Node process: the
 * cost of the socket writes alone.
 *
 * With `BARE_APPEND=redis` (`RUNS=bare-redis`) it also keeps the log, the least a server
 * that resumes can do: each frame's event is appended to its stream's Redis stream
 * (REDIS_URL; `XADD <key> <seq>-0 e <json>`) before it is written, every append queued
 * during one turn of the event loop sent as one script call (the same coalescing as
 * chatwire's store), and the frames written once Redis confirmed them. No pub/sub, no
 * generation, no fold: the floor of a durable log on one process.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { go, now, reportStats, until } from './processKit';

const tokens = Number(process.env.TOKENS ?? 500);
const interval = 1000 / Number(process.env.TOKENS_PER_SECOND ?? 50);

/** Every stream's connections: its starter first, then its followers. */
const streams = new Map<string, ServerResponse[]>();
let started = 0;

const frame = (seq: number, type: string, data: string): string => `id: ${seq}\nevent: ${type}\ndata: ${data}\n\n`;
/** `text` as one HTTP/1.1 chunk (`<size>\r\n<bytes>\r\n`), built once for all of a stream's connections. */
const chunked = (text: string): Buffer => Buffer.from(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
const opening = (id: string): string =>
  frame(1, 'user-message', `{"messageId":"u-${id}","text":"go","parentId":"","at":${Date.now()}}`) +
  frame(2, 'session', `{"conversationId":"${id}","streamId":"s-${id}","messageId":"a-${id}","parentId":"u-${id}","at":${Date.now()}}`);

/** The Redis of `BARE_APPEND=redis`, and the appends of this turn of the event loop: key, entry id, JSON, then the write once confirmed. */
const redis = process.env.BARE_APPEND === 'redis' ? new Redis(process.env.REDIS_URL as string) : undefined;
let queued: { args: string[]; writes: (() => void)[] } | undefined;
const XADD_ALL = `for i = 1, #ARGV, 3 do redis.call('XADD', ARGV[i], ARGV[i + 1], 'e', ARGV[i + 2]) end return 1`;

/** Writes `chunk` to the live `connections` (after appending `json` as `seq` of stream `id`, with `BARE_APPEND=redis`). */
function send(id: string, seq: number, json: string, chunk: Buffer, connections: ServerResponse[], then?: () => void): void {
  const write = (): void => {
    for (const res of connections) if (!res.destroyed) res.socket?.write(chunk);
    then?.();
  };
  if (!redis) return write();
  if (!queued) {
    const batch = { args: [] as string[], writes: [] as (() => void)[] };
    queued = batch;
    setImmediate(() => {
      queued = undefined;
      void redis.eval(XADD_ALL, 0, ...batch.args).then(() => {
        for (const w of batch.writes) w();
      });
    });
  }
  queued.args.push(`bare:{${id}}:log`, `${seq}-0`, json);
  queued.writes.push(write);
}

async function generate(id: string, connections: ServerResponse[]): Promise<void> {
  await go;
  const start = now() + Math.random() * interval - interval;
  for (let i = 0; i < tokens; i++) {
    const at = start + (i + 1) * interval;
    if (at > now()) await until(at);
    const json = `{"delta":"${now().toFixed(3)} ","at":${Date.now()}}`;
    send(id, i + 3, json, chunked(frame(i + 3, 'text-delta', json)), connections);
  }
  send(id, tokens + 3, '{}', chunked(frame(tokens + 3, 'done', '{}')), connections, () => {
    connections[0]?.end();
    streams.delete(id);
  });
}

const sse = (res: ServerResponse, headers: Record<string, string> = {}): void => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', ...headers });
  res.flushHeaders();
};

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/chat') {
    req.resume();
    req.on('end', () => {
      const id = `c${++started}`;
      const connections = [res];
      streams.set(id, connections);
      sse(res, { 'x-chatwire-conversation-id': id });
      res.write(opening(id));
      void generate(id, connections);
    });
    return;
  }
  const follow = /^\/api\/chat\/([^/]+)\/stream\?follow=1$/.exec(req.url ?? '');
  const connections = follow ? streams.get(follow[1] as string) : undefined;
  if (!connections) {
    res.writeHead(404).end();
    return;
  }
  sse(res);
  res.write(opening(follow![1] as string));
  connections.push(res);
});
server.listen(0, '127.0.0.1', () => reportStats((server.address() as AddressInfo).port));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
