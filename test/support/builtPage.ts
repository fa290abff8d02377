import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { serveStatic } from '../../demo/serveStatic';

/** A page built by {@link serveBuiltPage}, served on 127.0.0.1. */
export interface BuiltPage {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  /** Stops the server and removes the build. */
  close(): Promise<void>;
}

/** Options of {@link serveBuiltPage}. */
export interface BuiltPageOptions {
  /** Minify the build. Default `true`. */
  minify?: boolean;
  /** Answers every request under `/api/` (a bench's own chat server); the rest are the built files. */
  api?: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Builds the Vite page in `root` (an `index.html` folder, e.g. a test fixture or the render
 * bench's page) into a temporary folder and serves it on a free 127.0.0.1 port with the
 * demo's static file server.
 *
 * @example const page = await serveBuiltPage(new URL('./fixtures/markdown/', import.meta.url));
 */
export async function serveBuiltPage(root: URL, options: BuiltPageOptions = {}): Promise<BuiltPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'chatwire-page-'));
  try {
    await build({
      configFile: false,
      root: fileURLToPath(root),
      logLevel: 'error',
      plugins: [react()],
      build: { outDir, emptyOutDir: true, minify: options.minify ?? true },
    });
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
  const files = serveStatic(outDir);
  const { api } = options;
  const server = createServer((req, res) => {
    if (api && req.url?.startsWith('/api/')) api(req, res);
    else void files(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
