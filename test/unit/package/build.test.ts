import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleApp, type Bundler, type OutputChunk } from '../../support/consumerBundle';
import { createConsumer, packTarball, repoRoot as root, type Consumer } from '../../support/packedPackage';

/**
 * The published package, as a consumer gets it: `npm pack`'s tarball of `npm run build`,
 * unpacked into an app's node_modules, reached through the `exports` map, loaded by plain
 * Node and bundled by the app's bundler.
 */
let app: Consumer;
let dist = '';

/** The public functions that import a lazy chunk statically (they call into it), by lazy file. */
const STATIC_IMPORTERS: Record<string, string[]> = {
  'lazyProtocols.lazy.js': ['core/protocols/createChatDecoder.js'],
  'tabSyncChunk.lazy.js': ['core/sync/createTabSync.js', 'core/sync/withTabSync.js'],
};

/** Relative module specifiers of a built file: static imports and re-exports, and `import()`s. */
function importsOf(file: string): { static: string[]; dynamic: string[] } {
  const code = readFileSync(file, 'utf8');
  const of = (pattern: RegExp) => [...code.matchAll(pattern)].map((m) => m[1] as string);
  return {
    static: [...of(/^(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gm), ...of(/^import\s*["']([^"']+)["']/gm)],
    dynamic: of(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  };
}

/** Every `.js` file of dist/, relative to it. */
function builtModules(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.js')) files.push(relative(dist, join(dir, entry.name)));
    }
  };
  walk(dist);
  return files;
}

/** The built files reachable from `entry` through static imports (and `import()` too with `dynamic`). */
function reachable(entry: string, dynamic = false): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const { static: statics, dynamic: dynamics } = importsOf(join(dist, file));
    for (const spec of dynamic ? [...statics, ...dynamics] : statics) {
      if (spec.startsWith('.')) visit(relative(dist, resolve(dirname(join(dist, file)), spec)));
    }
  };
  visit(entry);
  return seen;
}

function runNode(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: app.dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

beforeAll(() => {
  app = createConsumer(packTarball(), {
    'hooks.js': [
      "import { createElement as h } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import { ChatProvider, useChat, useMessage, useMessageIds } from 'chatwire';",
      "function Line({ id }) { const message = useMessage(id); return h('p', null, message ? message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : ''); }",
      "function Chat() { const ids = useMessageIds(); const { send, phase } = useChat(); return h('main', null, ids.map((id) => h(Line, { key: id, id })), h('button', { onClick: () => send('hi') }, phase)); }",
      "createRoot(document.getElementById('root')).render(h(ChatProvider, { endpoint: '/api/chat' }, h(Chat)));",
    ].join('\n'),
    'widget.js': [
      "import { createElement as h } from 'react';",
      "import { createRoot } from 'react-dom/client';",
      "import { ChatWidget } from 'chatwire';",
      "import 'chatwire/styles.css';",
      "createRoot(document.getElementById('root')).render(h(ChatWidget, { endpoint: '/api/chat' }));",
    ].join('\n'),
  });
  dist = join(app.packageDir, 'dist');
}, 600_000);

afterAll(() => app?.remove());

describe('the packed package in plain Node', () => {
  it('chatwire/core loads and decodes a stream (its adapters load on demand)', () => {
    const out = runNode(`
      const core = await import('chatwire/core');
      const body = new Blob(['event: text-delta\\nid: 1\\ndata: {"delta":"héllo"}\\n\\n']).stream();
      const events = [];
      for await (const e of core.decodeChatStream(body, { protocol: 'chatwire' })) events.push(e);
      const anthropic = new Blob(['event: content_block_delta\\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}\\n\\n']).stream();
      for await (const e of core.decodeChatStream(anthropic, { protocol: 'anthropic' })) events.push(e);
      const decoder = core.createChatDecoder({ protocol: 'openai-chat' });
      events.push(...decoder.push({ event: 'message', id: '', data: '{"choices":[{"index":0,"delta":{"content":"sync"}}]}' }));
      const state = events.reduce(core.chatReducer, core.initialChatState);
      console.log(JSON.stringify({ events, missing: ['readSSE', 'connectSSE', 'decodeChatStream', 'createChatDecoder', 'encodeChatEvent', 'chatReducer', 'createChatStore'].filter((k) => typeof core[k] !== 'function') }));
    `);
    const result = JSON.parse(out) as { events: Array<{ type: string; delta?: string }>; missing: string[] };
    expect(result.missing).toEqual([]);
    expect(result.events).toEqual([
      { type: 'text-delta', delta: 'héllo', seq: 1 },
      { type: 'text-delta', delta: 'hi' },
      { type: 'text-delta', delta: 'sync' },
    ]);
  });

  it('chatwire/server loads without ioredis being required at import', () => {
    const out = runNode(`
      const server = await import('chatwire/server');
      console.log(JSON.stringify(['createChatHandler', 'toNodeHandler', 'createMemoryStore', 'createMockModel', 'createRedisStore'].filter((k) => typeof server[k] !== 'function')));
    `);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('chatwire (components and hooks) loads without touching window', () => {
    const out = runNode(`
      const main = await import('chatwire');
      console.log(JSON.stringify(['ChatWidget', 'StreamingMarkdown', 'ChatProvider', 'useChat', 'useChatStore', 'useChatMetrics', 'decodeChatStream'].filter((k) => !(k in main))));
    `);
    expect(JSON.parse(out)).toEqual([]);
  });

  it('ships what package.json points at: each subpath, its types, and the LICENSE', () => {
    const pkg = JSON.parse(readFileSync(join(app.packageDir, 'package.json'), 'utf8')) as {
      exports: Record<string, string | Record<string, string>>;
    };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      const files = typeof target === 'string' ? [target] : Object.values(target);
      expect(files.length, subpath).toBeGreaterThan(0);
      for (const file of files) expect(() => readFileSync(join(app.packageDir, file)), `${subpath} -> ${file}`).not.toThrow();
    }
    expect(readFileSync(join(app.packageDir, 'LICENSE'), 'utf8')).toMatch(/MIT License/);
  });

  it('reads right on the registry page: repository links, a README for users whose links all work from there', () => {
    const pkg = JSON.parse(readFileSync(join(app.packageDir, 'package.json'), 'utf8')) as {
      repository: { url: string };
      homepage: string;
      bugs: { url: string };
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    expect(pkg.repository.url).toBe('git+https://github.com/chatwire/chatwire.git');
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/chatwire\/chatwire\b/);
    expect(pkg.bugs.url).toBe('https://github.com/chatwire/chatwire/issues');
    expect(Object.keys(pkg.peerDependenciesMeta).filter((name) => pkg.peerDependenciesMeta[name]?.optional).sort()).toEqual(['ioredis', 'mermaid', 'react', 'react-dom']);
    const readme = readFileSync(join(app.packageDir, 'README.md'), 'utf8');
    expect(readme.slice(0, 600)).toMatch(/npm install chatwire/);
    expect(readme).toMatch(/ESM only/);
    const relative = [...readme.replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)#][^)]*)\)/g)].map((m) => m[1] as string).filter((href) => !/^https:\/\//.test(href));
    expect(relative).toEqual([]);
  });
});

describe('the built modules', () => {
  it('chatwire/core and chatwire/server pull in no React, statically or on demand', () => {
    for (const entry of ['core.js', 'server.js']) {
      const files = reachable(entry, true);
      expect(files.size).toBeGreaterThan(10);
      const react = [...files].flatMap((file) => {
        const { static: s, dynamic: d } = importsOf(join(dist, file));
        return [...s, ...d].filter((spec) => /^(react|react-dom|react-markdown)(\/|$)/.test(spec)).map((spec) => `${file} imports ${spec}`);
      });
      expect(react, entry).toEqual([]);
    }
  });

  it("'use client' opens each module that imports React, once, and no entry, core or server module", () => {
    const serverSafe = new Set([...reachable('core.js', true), ...reachable('server.js', true), 'index.js']);
    const problems: string[] = [];
    let clientModules = 0;
    for (const file of builtModules()) {
      const code = readFileSync(join(dist, file), 'utf8');
      const directives = code.match(/^\s*["']use client["'];?/gm)?.length ?? 0;
      const first = /^(?:\s*\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/)*\s*["']use client["']/.test(code);
      const importsReact = importsOf(join(dist, file)).static.some((spec) => /^(react|react-dom)(\/|$)/.test(spec));
      if (directives > 0) clientModules += 1;
      if (directives > 1) problems.push(`${file}: ${directives} directives`);
      if (importsReact && !first) problems.push(`${file}: imports React without 'use client' first`);
      if (serverSafe.has(file) && directives > 0) problems.push(`${file}: 'use client' on a module server code imports`);
    }
    expect(problems).toEqual([]);
    expect(clientModules).toBeGreaterThan(20);
  });

  it('React components and contexts are created by calls marked pure, with no displayName assignments', () => {
    const problems: string[] = [];
    let calls = 0;
    for (const file of builtModules()) {
      const code = readFileSync(join(dist, file), 'utf8');
      for (const match of code.matchAll(/(\/\*\s*[@#]__PURE__\s*\*\/\s*)?\b(forwardRef|memo|createContext)\(/g)) {
        calls += 1;
        if (!match[1]) problems.push(`${file}: ${match[2]}( without a pure annotation`);
      }
      if (/^\S+\.displayName\s*=/m.test(code)) problems.push(`${file}: assigns displayName at module level`);
    }
    expect(problems).toEqual([]);
    expect(calls).toBeGreaterThan(10);
  });

  it('each lazy module is reached through import() (statically only by the public functions that call into it), imports only what its importer already loaded, and has a lazy check in the consumer apps below', () => {
    const files = builtModules();
    const lazy = files.filter((file) => file.endsWith('.lazy.js'));
    expect(lazy.filter((file) => !Object.values(lazyParts).some((pattern) => pattern.test(`chatwire/dist/${file}`)))).toEqual([]);
    expect(lazy.map((file) => file.replace(/^.*\//, '')).sort()).toEqual(expect.arrayContaining(['lazyProtocols.lazy.js', 'tabSyncChunk.lazy.js']));
    for (const target of lazy) {
      const importers = files.filter((file) =>
        importsOf(join(dist, file)).dynamic.some((spec) => relative(dist, resolve(dirname(join(dist, file)), spec)) === target),
      );
      const staticImporters = files.filter((file) =>
        importsOf(join(dist, file)).static.some((spec) => spec.startsWith('.') && relative(dist, resolve(dirname(join(dist, file)), spec)) === target),
      );
      expect(importers.length, target).toBeGreaterThan(0);
      // createChatDecoder, createTabSync and withTabSync work synchronously: they call into their chunk, so its modules ship once.
      expect(staticImporters.sort(), target).toEqual(STATIC_IMPORTERS[target.replace(/^.*\//, '')] ?? []);
      const loaded = importers.map((importer) => reachable(importer));
      for (const imported of reachable(target)) {
        if (imported !== target) expect(loaded.every((set) => set.has(imported)), `${target} imports ${imported}`).toBe(true);
      }
    }
  });

  it('no lazy file has a React context of its own but those it provides from the page\'s own (the tool card\'s three, the message footer\'s labels)', async () => {
    const { toolCallCardChunk } = await import('../../../src/components/toolCallCardChunk');
    const bridged: Record<string, number> = {
      // LazyToolCallCard provides each of `toolCallCardChunk.contexts` from the page's.
      'components/toolCallCardChunk.lazy.js': toolCallCardChunk.contexts.length,
      // messageFooterParts provides its ChatLabelsContext from the page's.
      'components/messageFooterParts.lazy.js': 1,
      // The rich markdown chunk's FootnoteContext: created, provided (RichRoot) and read (FootnoteRef) in the chunk only.
      'markdown/rich/richMarkdown.lazy.js': 1,
    };
    const contexts = Object.fromEntries(
      builtModules()
        .filter((file) => file.endsWith('.lazy.js'))
        .map((file) => [file, [...readFileSync(join(dist, file), 'utf8').matchAll(/\bcreateContext\d*\(/g)].length]),
    );
    // A context such a chunk's code starts reading must be provided from the page's too (and counted here).
    expect(contexts).toEqual(Object.fromEntries(Object.keys(contexts).map((file) => [file, bridged[file] ?? 0])));
    expect(toolCallCardChunk.contexts.length).toBe(3);
  });

  it('ships each protocol adapter and each multi-tab part once: in its lazy chunk, with no file of its own', () => {
    const files = builtModules();
    const definedIn = (name: string) => files.filter((file) => new RegExp(`\\bfunction ${name}\\(`).test(readFileSync(join(dist, file), 'utf8')));
    for (const part of ['openTabSync', 'bindTabSync', 'mirrorEvents', 'forwardActions', 'shareSnapshots', 'resumeAfterTakeover', 'watchLeaderSilence', 'routeSyncMessage']) {
      expect(definedIn(part), part).toEqual(['core/sync/tabSyncChunk.lazy.js']);
    }
    const adapters = readdirSync(join(root, 'src/core/protocols/adapters')).map((file) => file.replace(/\.ts$/, ''));
    expect(adapters.length).toBeGreaterThanOrEqual(6);
    for (const adapter of adapters) expect(definedIn(adapter), adapter).toEqual(['core/protocols/lazyProtocols.lazy.js']);
  });
});

/**
 * The lazy parts as they appear in a consumer's output: by a lazy file of the package, or a
 * package only they use. Every `.lazy.js` file of the tarball is one of them (checked below).
 */
const lazyParts: Record<string, RegExp> = {
  'other protocols': /chatwire\/dist\/.*lazyProtocols\.lazy\.js$/,
  'multi-tab sync': /chatwire\/dist\/.*tabSyncChunk\.lazy\.js$/,
  'session rare paths and metrics': /chatwire\/dist\/.*lazySession\.lazy\.js$/,
  'follow loop': /chatwire\/dist\/.*followConversation\.lazy\.js$/,
  'message footer (actions, editor, version picker)': /chatwire\/dist\/.*messageFooterParts\.lazy\.js$/,
  'tool card': /chatwire\/dist\/.*toolCallCardChunk\.lazy\.js$/,
  "page tool's status": /chatwire\/dist\/.*PageToolStatus\.lazy\.js$/,
  "app's own tool card": /chatwire\/dist\/.*CustomToolCall\.lazy\.js$/,
  'long history': /chatwire\/dist\/.*LongHistory\.lazy\.js$/,
  'tail repair (remend)': /node_modules\/remend\//,
  'partial tool arguments (partial-json)': /node_modules\/partial-json\//,
  'shiki': /node_modules\/(?:shiki|@shikijs)\//,
  'code highlighter': /chatwire\/dist\/.*highlight\.lazy\.js$/,
  'math and footnotes': /chatwire\/dist\/.*richMarkdown\.lazy\.js$/,
  KaTeX: /node_modules\/katex\//,
  'mermaid diagram': /chatwire\/dist\/.*MermaidDiagram\.lazy\.js$/,
};
/** The lazy parts an app of hooks only reaches. */
const sessionLazyParts = ['other protocols', 'multi-tab sync', 'session rare paths and metrics', 'follow loop'];

function where(chunks: OutputChunk[], pattern: RegExp): { initial: boolean; lazy: boolean } {
  const holding = chunks.filter((chunk) => chunk.modules.some((m) => pattern.test(m.id)));
  return { initial: holding.some((chunk) => chunk.initial), lazy: holding.some((chunk) => !chunk.initial) };
}

describe.each<Bundler>(['esbuild', 'vite'])('a consumer app bundled by %s', (bundler) => {
  it('an app of hooks only ships no component and keeps the other protocols, multi-tab sync, the session rare paths and the follow loop lazy', async () => {
    const chunks = await bundleApp(bundler, app.dir, 'hooks.js');
    const initialModules = chunks.filter((chunk) => chunk.initial).flatMap((chunk) => chunk.modules.filter((m) => m.bytes > 0).map((m) => m.id));
    expect(initialModules.filter((id) => /chatwire\/dist\/(components|markdown)\//.test(id))).toEqual([]);
    expect(initialModules.filter((id) => /chatwire\/dist\/core\/protocols\/adapters\//.test(id))).toEqual([]);
    expect(initialModules.some((id) => /chatwire\/dist\/react\/useChat\.js$/.test(id))).toBe(true);
    for (const part of sessionLazyParts) {
      expect(where(chunks, lazyParts[part] as RegExp), part).toEqual({ initial: false, lazy: true });
    }
  }, 120_000);

  it('a ChatWidget app keeps every lazy part lazy', async () => {
    const chunks = await bundleApp(bundler, app.dir, 'widget.js');
    for (const [part, pattern] of Object.entries(lazyParts)) {
      expect(where(chunks, pattern), part).toEqual({ initial: false, lazy: true });
    }
    expect(where(chunks, /chatwire\/dist\/components\/ChatWidget\.js$/).initial).toBe(true);
    expect(where(chunks, /chatwire\/dist\/components\/(?:MessageActions|MessageEditor|BranchPicker)\.js$/).initial).toBe(false);
  }, 120_000);
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
