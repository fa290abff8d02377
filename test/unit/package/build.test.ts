import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The published package, as a consumer sees it: `npm run build`'s output, reached through the
 * `exports` map from another package that depends on chatwire, loaded by plain Node.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Built inside the repo's node_modules so the package's own dependencies resolve from there. */
const packageDir = join(root, 'node_modules/.cache/chatwire-package-test');
let consumerDir = '';

function runNode(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: consumerDir,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

beforeAll(() => {
  rmSync(packageDir, { recursive: true, force: true });
  mkdirSync(packageDir, { recursive: true });
  const outDir = join(packageDir, 'dist');
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: root,
    stdio: 'pipe',
  });
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: root,
    stdio: 'pipe',
  });
  cpSync(join(root, 'package.json'), join(packageDir, 'package.json'));

  consumerDir = mkdtempSync(join(tmpdir(), 'chatwire-consumer-'));
  writeFileSync(
    join(consumerDir, 'package.json'),
    JSON.stringify({ name: 'consumer', type: 'module', dependencies: { chatwire: '*' } }),
  );
  mkdirSync(join(consumerDir, 'node_modules'));
  symlinkSync(packageDir, join(consumerDir, 'node_modules/chatwire'), 'dir');
}, 180_000);

afterAll(() => {
  if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
  rmSync(packageDir, { recursive: true, force: true });
});

describe('the built package', () => {
  it('chatwire/core loads in plain Node and decodes a stream', () => {
    const out = runNode(`
      const core = await import('chatwire/core');
      const body = new Blob(['event: text-delta\\nid: 1\\ndata: {"delta":"héllo"}\\n\\n']).stream();
      const events = [];
      for await (const e of core.decodeChatStream(body, { protocol: 'chatwire' })) events.push(e);
      const state = events.reduce(core.chatReducer, core.initialChatState);
      console.log(JSON.stringify({ events, keys: ['readSSE', 'connectSSE', 'decodeChatStream', 'createChatDecoder', 'encodeChatEvent', 'chatReducer', 'createChatStore'].filter((k) => typeof core[k] !== 'function'), phase: state.phase }));
    `);
    const result = JSON.parse(out) as { events: Array<{ type: string; delta?: string; seq?: number }>; keys: string[] };
    expect(result.keys).toEqual([]);
    expect(result.events).toEqual([{ type: 'text-delta', delta: 'héllo', seq: 1 }]);
  });

  it('chatwire/server loads in plain Node without ioredis being required at import', () => {
    const out = runNode(`
      const server = await import('chatwire/server');
      console.log(JSON.stringify(['createChatHandler', 'toNodeHandler', 'createMemoryStore', 'createMockModel', 'createRedisStore'].filter((k) => typeof server[k] !== 'function')));
    `);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('chatwire (components and hooks) loads in plain Node without touching window', () => {
    const out = runNode(`
      const main = await import('chatwire');
      console.log(JSON.stringify(['ChatWidget', 'StreamingMarkdown', 'ChatProvider', 'useChat', 'useChatStore', 'useChatMetrics'].filter((k) => !(k in main))));
    `);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('ships type declarations for every subpath and the stylesheet', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { types: string; import: string }>;
    };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const files = typeof target === 'string' ? [target] : [target.types, target.import];
      for (const file of files) {
        expect(() => readFileSync(join(packageDir, file)), `${subpath} -> ${file}`).not.toThrow();
      }
    }
  });

  it('chatwire/core pulls in no React, directly or through a shared chunk', () => {
    const dist = join(packageDir, 'dist');
    const seen = new Set<string>();
    const reactImports: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      for (const match of code.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        const spec = match[1] as string;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (spec === 'react' || spec.startsWith('react/') || spec.startsWith('react-dom') || spec === 'react-markdown') {
          reactImports.push(`${file.slice(dist.length)} imports ${spec}`);
        }
      }
    };
    visit(join(dist, 'core.js'));
    expect(seen.size).toBeGreaterThan(0);
    expect(reactImports).toEqual([]);
  });
});

describe('source layering', () => {
  it('src/core imports no React', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name)) {
          const code = readFileSync(path, 'utf8');
          if (/from\s+['"](react|react-dom|react-markdown)(\/[^'"]*)?['"]/.test(code) || entry.name.endsWith('.tsx')) {
            offenders.push(path.slice(root.length + 1));
          }
        }
      }
    };
    walk(join(root, 'src/core'));
    expect(offenders).toEqual([]);
  });
});
