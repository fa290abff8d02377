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
  /** Kills the server at once (SIGKILL): what it had not written to disk is lost. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (after `kill`); resolves once it answers PING. */
  restart(): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Write every command to an append-only file (fsync always), so a killed server restarts with its data. */
  persistent?: boolean;
  /** Extra redis-server arguments. */
  args?: string[];
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
export async function startRedis(options: StartRedisOptions = {}): Promise<TestRedis> {
  const binary = findRedisServer();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'chatwire-redis-'));
    const args = [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--protected-mode', 'yes',
      ...(options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      ...(options.args ?? []),
    ];
    let child: ChildProcess;
    let stderr = '';
    const spawnServer = (): void => {
      child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr?.on('data', (data) => (stderr += String(data)));
    };
    const halt = async (signal: NodeJS.Signals): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
    };
    const stop = async (): Promise<void> => {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    };
    spawnServer();
    try {
      await waitForPong(port, child!, 10_000);
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        stop,
        kill: () => halt('SIGKILL'),
        restart: async () => {
          await halt('SIGKILL');
          spawnServer();
          await waitForPong(port, child, 10_000);
        },
      };
    } catch (error) {
      lastError = new Error(`${error instanceof Error ? error.message : String(error)}${stderr ? `: ${stderr.trim()}` : ''}`);
      await stop();
    }
  }
  throw lastError;
}

/** A private 3-node Redis Cluster (three primaries, no replicas) for one test file. */
export interface TestRedisCluster {
  /** The nodes' ports (each node's cluster bus listens on its own free port too). */
  ports: number[];
  /** Stops every node and removes their directories. */
  stop(): Promise<void>;
}

/**
 * Starts three `redis-server --cluster-enabled yes` nodes on free 127.0.0.1 ports, joins
 * them with `redis-cli --cluster create ... --cluster-yes` and waits until every node
 * reports `cluster_state:ok`. Throws (never skips) when any step fails, with the output.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  const nodes: TestRedis[] = [];
  const stop = async (): Promise<void> => {
    for (const node of nodes.splice(0)) await node.stop();
  };
  try {
    for (let i = 0; i < 3; i++) {
      const bus = await freePort();
      nodes.push(await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${i}.conf`, '--cluster-port', String(bus), '--cluster-node-timeout', '2000'] }));
    }
    const cli = findRedisCli();
    const created = spawnSync(cli, ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8', timeout: 60_000 });
    if (created.status !== 0) {
      throw new Error(`redis-cli --cluster create failed (exit ${String(created.status)}${created.error ? `, ${created.error.message}` : ''}): ${created.stdout}${created.stderr}`);
    }
    const deadline = Date.now() + 30_000;
    for (;;) {
      const states = nodes.map((n) => spawnSync(cli, ['-p', String(n.port), 'cluster', 'info'], { encoding: 'utf8', timeout: 5000 }).stdout ?? '');
      if (states.every((info) => info.includes('cluster_state:ok'))) break;
      if (Date.now() > deadline) throw new Error(`the 3-node cluster did not reach cluster_state:ok within 30 s: ${states.map((s) => s.split('\n')[0]).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { ports: nodes.map((n) => n.port), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function findRedisCli(): string {
  for (const path of [process.env.REDIS_CLI, '/usr/bin/redis-cli', '/usr/local/bin/redis-cli']) if (path && existsSync(path)) return path;
  throw new Error('redis-cli not found (looked at $REDIS_CLI, /usr/bin, /usr/local/bin); the Redis Cluster test needs it to create the cluster. Install redis-tools or set REDIS_CLI.');
}
