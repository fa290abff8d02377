import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built demo page from `dir`: files by path, `index.html` for any other GET
 * (the app reads its state from the query string). Hashed assets under `/assets/` are
 * cached for a year; `index.html` never is, so a rebuild shows at once.
 */
export function serveStatic(dir: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const root = normalize(dir + sep);
  return async (req, res) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Bad path: ${req.url ?? ''} is not a valid URL path.`);
      return;
    }
    const candidate = normalize(join(root, pathname));
    const inside = candidate.startsWith(root);
    const file = inside && (await isFile(candidate)) ? candidate : join(root, 'index.html');
    if (!(await isFile(file))) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The demo page is not built: ${file} is missing. Run \`npm run demo\`, which builds it first.`);
      return;
    }
    const immutable = file !== join(root, 'index.html') && pathname.startsWith('/assets/');
    res.writeHead(200, {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  };
}
