import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DemoChildConfig, DemoChildReply, DemoChildRequest, MockModelStats } from './demoChild';

const childScript = fileURLToPath(new URL('./demoChild.ts', import.meta.url));

/** A demo server running in its own Node process (one "replica"). */
export interface DemoProcess {
  url: string;
  /** The mock model's counters in that process. */
  stats(): Promise<MockModelStats>;
  /** Asks the process to close its server and exit; kills it after 5 s. */
  close(): Promise<void>;
}

function waitFor<T extends DemoChildReply['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  output: () => string,
): Promise<Extract<DemoChildReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Demo child process sent no "${type}" message within ${timeoutMs} ms. Its output:\n${output()}`));
    }, timeoutMs);
    const onMessage = (message: DemoChildReply): void => {
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`Demo child process failed: ${message.message}\n${output()}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<DemoChildReply, { type: T }>);
      }
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`Demo child process exited (code ${code}) before sending "${type}". Its output:\n${output()}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts `startDemoServer` in a child Node process (TypeScript via tsx), on a free
 * 127.0.0.1 port, with the store and mock model that `config` describes. Two of them on
 * one Redis are two replicas of the same app.
 */
export async function startDemoProcess(config: DemoChildConfig): Promise<DemoProcess> {
  const child = fork(childScript, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, CHATWIRE_DEMO_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const send = (request: DemoChildRequest): void => {
    child.send(request);
  };
  try {
    const { url } = await waitFor(child, 'ready', 30_000, () => output);
    return {
      url,
      async stats() {
        const reply = waitFor(child, 'stats', 5_000, () => output);
        send({ type: 'stats' });
        return (await reply).stats;
      },
      async close() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        send({ type: 'close' });
        await exited;
        clearTimeout(killer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
