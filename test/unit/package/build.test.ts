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

/** Every .ts/.tsx file under `dir` (repo-relative), with its import specifiers resolved to repo-relative paths when relative. */
function sourceImports(dir: string): Array<{ file: string; specs: string[] }> {
  const out: Array<{ file: string; specs: string[] }> = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) {
        const code = readFileSync(full, 'utf8');
        const specs = [...code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => {
          const spec = m[1] as string;
          return spec.startsWith('.') ? resolve(dirname(full), spec).slice(root.length + 1) : spec;
        });
        out.push({ file: full.slice(root.length + 1), specs });
      }
    }
  };
  walk(join(root, dir));
  return out;
}

const isReact = (spec: string): boolean => /^(react|react-dom|react-markdown)(\/|$)/.test(spec);

describe('source layering', () => {
  it('src/core and src/markdown/engine import no React', () => {
    const offenders = [...sourceImports('src/core'), ...sourceImports('src/markdown/engine')]
      .filter(({ file, specs }) => file.endsWith('.tsx') || specs.some(isReact))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('src/core imports only src/core (its entry re-exports the React-free markdown engine)', () => {
    const offenders = sourceImports('src/core').flatMap(({ file, specs }) =>
      specs
        .filter((spec) => spec.startsWith('src/') && !spec.startsWith('src/core/'))
        .filter((spec) => !(file === 'src/core/index.ts' && spec === 'src/markdown/engine/index'))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('src/markdown imports neither the chat parts nor the hooks, and its engine not its React half', () => {
    const offenders = sourceImports('src/markdown').flatMap(({ file, specs }) =>
      specs
        .filter(
          (spec) =>
            spec.startsWith('src/components/') ||
            spec.startsWith('src/react/') ||
            (file.startsWith('src/markdown/engine/') && spec.startsWith('src/markdown/react/')),
        )
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
