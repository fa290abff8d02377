import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer, type DemoServer } from '../../../demo/server';
import { createMockModel } from '../../../src/server/index';
import { ensureDemoBuilt } from '../../support/demoBuild';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Occupies a free 127.0.0.1 port; returns the server holding it. */
async function holdPort(): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function freePort(): Promise<number> {
  const server = await holdPort();
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `node demo/run.mjs` with a clean environment (no model keys: the mock model). */
function runDemo(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const { OPENAI_API_KEY: _o, ANTHROPIC_API_KEY: _a, ...rest } = process.env;
  const child = spawn(process.execPath, ['demo/run.mjs'], { cwd: repoRoot, env: { ...rest, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** A raw GET whose path is sent as is (fetch would normalize `..` away). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('e2e: npm run demo (demo/run.mjs)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'chatwire-demo-run-'));
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(outDir, { recursive: true, force: true });
  });

  it('builds the page, serves page and chat API on 127.0.0.1:PORT, prints the URL, and stops on SIGTERM', async () => {
    const port = await freePort();
    const run = runDemo({ PORT: String(port), CHATWIRE_DEMO_OUT_DIR: outDir });
    children.push(run.child);
    const url = `http://127.0.0.1:${port}/`;
    await expect.poll(run.output, { timeout: 90_000, interval: 100 }).toContain(`chatwire demo: ${url}`);
    expect(run.output()).toContain('model: mock');

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^chatwire_demo_user=[\w-]{16,}$/);

    const body = JSON.stringify({ message: { id: 'm1', text: 'hello' } });
    const anonymous = await fetch(`${url}api/chat`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();

    const chat = await fetch(`${url}api/chat`, { method: 'POST', body, headers: { 'content-type': 'application/json', cookie } });
    expect(chat.status).toBe(200);
    expect(chat.headers.get('content-type')).toContain('text/event-stream');
    const stream = await chat.text();
    expect(stream).toContain('event: text-delta');
    expect(stream).toContain('event: done');

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('says clearly that the port is busy and exits 1', async () => {
    const holder = await holdPort();
    try {
      const { port } = holder.address() as AddressInfo;
      const run = runDemo({ PORT: String(port), CHATWIRE_DEMO_OUT_DIR: outDir });
      children.push(run.child);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(run.output()).toContain(`PORT=${port + 1} npm run demo`);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});

describe('e2e: demo server routes', () => {
  let demo: DemoServer;

  beforeAll(async () => {
    demo = await startDemoServer({ port: 0, staticDir: await ensureDemoBuilt(), model: createMockModel({ delayMs: 0 }) });
  });

  afterAll(async () => {
    await demo?.close();
  });

  it('never serves a file outside the built page', async () => {
    const escaped = await rawGet(demo.port, '/../../../../../../etc/passwd');
    expect(escaped.body).not.toContain('root:');
    expect(escaped.body).toContain('<div id="root">');
    const encoded = await rawGet(demo.port, '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd');
    expect(encoded.body).not.toContain('root:');
  });

  it('reports the model and the browser demo user, and signs another device in as that user', async () => {
    const first = await fetch(`${demo.url}demo-info.json`);
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const info = (await first.json()) as { model: string; userId: string };
    expect(info.model).toBe('mock');
    expect(cookie).toBe(`chatwire_demo_user=${info.userId}`);

    const signIn = await fetch(`${demo.url}demo/sign-in?user=${info.userId}&c=abc`, { redirect: 'manual' });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get('location')).toBe('/?c=abc');
    expect(signIn.headers.get('set-cookie')).toContain(`chatwire_demo_user=${info.userId};`);

    const bad = await fetch(`${demo.url}demo/sign-in?user=x`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('must be a demo user id');
  });
});
