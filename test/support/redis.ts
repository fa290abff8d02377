import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private redis-server for one test file. */
export interface TestRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** redis-server from REDIS_SERVER, /usr/bin, or the PATH. */
function findRedisServer(): string {
  const candidates = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  const which = spawnSync('which', ['redis-server'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  if (which.status === 0 && found) return found;
  throw new Error(
    'redis-server not found (looked at $REDIS_SERVER, /usr/bin, /usr/local/bin and the PATH). ' +
      'Install it (apt-get install -y redis-server) or set REDIS_SERVER; the Redis store tests need a real server.',
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once something answers PING with PONG on the port; rejects after `timeoutMs`. */
async function waitForPong(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; Date.now() < deadline && attempt < 400; attempt++) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      let reply = '';
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(false));
      socket.on('data', (data) => {
        reply += data.toString();
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply.startsWith('+PONG'));
        }
      });
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/**
 * Starts redis-server on a free 127.0.0.1 port, in a temporary directory, without
 * persistence (`--save '' --appendonly no`). Call `stop()` in `afterAll`.
 *
 * @example
 * ```ts
 * let redis: TestRedis;
 * beforeAll(async () => { redis = await startRedis(); });
 * afterAll(() => redis.stop());
 * ```
 */
export async function startRedis(): Promise<TestRedis> {
  const binary = findRedisServer();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'chatwire-redis-'));
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (data) => (stderr += String(data)));
    const stop = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await waitForPong(port, child, 10_000);
      return { port, url: `redis://127.0.0.1:${port}`, stop };
    } catch (error) {
      lastError = new Error(`${error instanceof Error ? error.message : String(error)}${stderr ? `: ${stderr.trim()}` : ''}`);
      await stop();
    }
  }
  throw lastError;
}
