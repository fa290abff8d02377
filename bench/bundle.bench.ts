/**
 * Bundle budgets, measured on what users install: `npm pack`'s tarball of a fresh build
 * (test/support/packedPackage.ts), unpacked into a throwaway app, whose small entry files are
 * built the way an app's production build would build them (test/support/consumerBundle.ts):
 *   esbuild   bundle, splitting, minify, esm, browser, es2022
 *   vite      Vite 8 (Rolldown) production build, default minifier
 *   rollup    Rollup 4 + @rollup/plugin-node-resolve (as Vite 7 or a plain Rollup app), each
 *             chunk minified by esbuild
 * react and react-dom external (the app's own), NODE_ENV production, gzip level 9 per file.
 * "initial" is the entry file plus every file it imports statically; files reached only through
 * import() are lazy. Budgets apply to chatwire's share of the initial files, gzipped: each
 * initial file's gzip bytes times the fraction of its input bytes from chatwire and its
 * dependencies (the app's own code and the bundler's runtime, such as Vite's preload helper,
 * are the app's). The whole initial size is printed next to it; "chatwire / deps" splits the
 * initial input bytes between chatwire's own files and the packages it depends on.
 *
 * Apps (each a real entry that renders or decodes, not a re-export):
 *   hooks     ChatProvider, useChat, useMessage, useMessageIds from 'chatwire'   budget <= 15 kB
 *   widget    <ChatWidget /> and 'chatwire/styles.css'                           budget <= 60 kB
 *   core      decodeChatStream from 'chatwire/core' on a fetch response          budget <= 10 kB
 *   (for reference) everything from 'chatwire'; react-markdown + remark-gfm; @ai-sdk/react
 *   useChat; streamdown's Streamdown (esbuild only)
 * Lazy checks, per bundler: in the hooks app the other protocols, multi-tab sync, the
 * session's rare paths and metrics, and the follow loop; in the widget app those and every
 * lazy part of the components and the markdown (tool card, message footer, long history,
 * tail repair, partial JSON, highlighter and shiki, math and KaTeX, mermaid); in the core app
 * the adapters: each must be in the output and in no initial file. Every `.lazy.js` file of
 * the tarball must have such a check. The widget's markdown pipeline must be initial (so the
 * budget is not met by loading the renderer late).
 * Prints PASS/FAIL per target; exits non-zero on a failed target only with BENCH_STRICT=1.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUNDLERS, bundleApp, chatwireShareGzip, initialGzip, type Bundler, type OutputChunk } from '../test/support/consumerBundle';
import { createConsumer, packTarball } from '../test/support/packedPackage';

const KB = 1000;
const kb = (bytes: number): string => `${(bytes / KB).toFixed(2)} kB`;

const render = (element: string): string =>
  ["import { createElement as h } from 'react';", "import { createRoot } from 'react-dom/client';", `createRoot(document.getElementById('root')).render(${element});`].join('\n');

const apps = {
  hooks: [
    "import { ChatProvider, useChat, useMessage, useMessageIds } from 'chatwire';",
    "function Line({ id }) { const message = useMessage(id); return h('p', null, message ? message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : ''); }",
    "function Chat() { const ids = useMessageIds(); const { send, stop, phase } = useChat(); return h('main', null, ids.map((id) => h(Line, { key: id, id })), h('button', { onClick: () => send('hi') }, 'Send'), h('button', { onClick: stop }, phase)); }",
    render("h(ChatProvider, { endpoint: '/api/chat' }, h(Chat))"),
  ].join('\n'),
  widget: ["import { ChatWidget } from 'chatwire';", "import 'chatwire/styles.css';", render("h(ChatWidget, { endpoint: '/api/chat' })")].join('\n'),
  core: [
    "import { decodeChatStream } from 'chatwire/core';",
    "const response = await fetch('/api/chat', { method: 'POST' });",
    "for await (const event of decodeChatStream(response.body, { headers: response.headers })) if (event.type === 'text-delta') document.body.append(event.delta);",
  ].join('\n'),
  everything: "import * as chatwire from 'chatwire';\nconsole.log(chatwire);",
  'react-markdown': "import Markdown from 'react-markdown';\nimport remarkGfm from 'remark-gfm';\nconsole.log(Markdown, remarkGfm);",
  'ai-sdk': "import { useChat } from '@ai-sdk/react';\nconsole.log(useChat);",
  streamdown: "import { Streamdown } from 'streamdown';\nconsole.log(Streamdown);",
};
type App = keyof typeof apps;
const budgets: Partial<Record<App, number>> = { hooks: 15 * KB, widget: 60 * KB, core: 10 * KB };
const labels: Record<App, string> = {
  hooks: 'hooks: ChatProvider, useChat, useMessage, useMessageIds',
  widget: 'ChatWidget + styles.css',
  core: 'chatwire/core decodeChatStream alone',
  everything: 'chatwire, every export (reference)',
  'react-markdown': 'react-markdown + remark-gfm (reference)',
  'ai-sdk': '@ai-sdk/react useChat (reference)',
  streamdown: 'streamdown Streamdown (reference)',
};

/**
 * The parts that must stay lazy, by a lazy file of the package (each `import()` target is
 * built as `<name>.lazy.js`) or a package only they use. Every `.lazy.js` file in the tarball
 * must be named here and checked in an app (a check fails otherwise).
 */
const lazyParts = {
  'other protocols': /chatwire\/dist\/.*lazyProtocols\.lazy\.js$/,
  'multi-tab sync': /chatwire\/dist\/.*tabSyncChunk\.lazy\.js$/,
  'session rare paths and metrics (resume, stop, reset, approvals)': /chatwire\/dist\/.*lazySession\.lazy\.js$/,
  'follow loop (follow)': /chatwire\/dist\/.*followConversation\.lazy\.js$/,
  'tool card (approvals, custom tool cards)': /chatwire\/dist\/.*toolCallCardChunk\.lazy\.js$/,
  "page tool's status (in the tool card)": /chatwire\/dist\/.*PageToolStatus\.lazy\.js$/,
  "app's own tool card (in the tool card)": /chatwire\/dist\/.*CustomToolCall\.lazy\.js$/,
  'message footer (actions, editor, branch picker)': /chatwire\/dist\/.*messageFooterParts\.lazy\.js$/,
  'long history (old messages of a long conversation)': /chatwire\/dist\/.*LongHistory\.lazy\.js$/,
  'tail repair (remend)': /node_modules\/remend\//,
  'partial tool arguments (partial-json)': /node_modules\/partial-json\//,
  'highlighter (chatwire)': /chatwire\/dist\/.*highlight\.lazy\.js$/,
  shiki: /node_modules\/(?:shiki|@shikijs)\//,
  'math and footnotes (rich markdown chunk)': /chatwire\/dist\/.*richMarkdown\.lazy\.js$/,
  KaTeX: /node_modules\/katex\//,
  'mermaid diagram': /chatwire\/dist\/.*MermaidDiagram\.lazy\.js$/,
};
type LazyPart = keyof typeof lazyParts;
const sessionLazy: LazyPart[] = ['other protocols', 'multi-tab sync', 'session rare paths and metrics (resume, stop, reset, approvals)', 'follow loop (follow)'];
const expectedLazy: Partial<Record<App, LazyPart[]>> = {
  hooks: sessionLazy,
  widget: [...sessionLazy, ...(Object.keys(lazyParts) as LazyPart[]).filter((part) => !sessionLazy.includes(part))],
  core: ['other protocols'],
};

/** What the widget must render its first answer with, from the initial files. */
const markdownPipeline = [
  /node_modules\/mdast-util-from-markdown\//,
  /node_modules\/mdast-util-to-hast\//,
  /node_modules\/micromark-extension-gfm-table\//,
  /chatwire\/dist\/.*\/createMarkdownProcessor\.js$/,
  /chatwire\/dist\/.*\/hastToReact\.js$/,
];

interface Row {
  app: App;
  bundler: Bundler;
  chunks: OutputChunk[];
}

const chatwireModule = /\/node_modules\/chatwire\//;
function shares(chunks: OutputChunk[]): { chatwire: number; deps: number } {
  let own = 0;
  let deps = 0;
  let total = 0;
  for (const module of chunks.filter((chunk) => chunk.initial).flatMap((chunk) => chunk.modules)) {
    total += module.bytes;
    if (chatwireModule.test(module.id)) own += module.bytes;
    else if (module.id.includes('/node_modules/')) deps += module.bytes;
  }
  return { chatwire: total ? own / total : 0, deps: total ? deps / total : 0 };
}

const started = Date.now();
const tarball = packTarball();
console.log(`packed ${tarball} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
const app = createConsumer(tarball, Object.fromEntries(Object.entries(apps).map(([name, code]) => [`${name}.js`, code])), { name: 'bench' });
/** The package's lazy files, as the tarball has them (`dist/...lazy.js`). */
const lazyFiles = readdirSync(join(app.packageDir, 'dist'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.lazy.js'))
  .map((file) => `chatwire/dist/${file.split('\\').join('/')}`);
const rows: Row[] = [];
try {
  for (const name of Object.keys(apps) as App[]) {
    const bundlers: Bundler[] = name in budgets || name === 'everything' ? BUNDLERS : ['esbuild'];
    for (const bundler of bundlers) rows.push({ app: name, bundler, chunks: await bundleApp(bundler, app.dir, `${name}.js`) });
  }
} finally {
  app.remove();
}

console.log("\nWhat each app ships, built from the packed tarball (min+gzip level 9 per file, react external; 1 kB = 1000 bytes); budgets on chatwire's share");
console.table(
  rows.map(({ app: name, bundler, chunks }) => {
    const initial = chunks.filter((chunk) => chunk.initial);
    const lazy = chunks.filter((chunk) => !chunk.initial);
    const share = shares(chunks);
    const budget = budgets[name];
    const gzip = chatwireShareGzip(chunks);
    return {
      app: labels[name],
      bundler,
      'initial min+gzip': kb(initialGzip(chunks)),
      "chatwire's share": kb(gzip),
      files: initial.length,
      'chatwire / deps': name in budgets || name === 'everything' ? `${(share.chatwire * 100).toFixed(0)}% / ${(share.deps * 100).toFixed(0)}%` : '',
      lazy: `${lazy.length} files, ${kb(lazy.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0))}`,
      budget: budget === undefined ? '' : `<= ${kb(budget)}: ${gzip <= budget ? 'PASS' : 'FAIL'}`,
    };
  }),
);

const checks: Array<{ target: string; actual: string; pass: boolean }> = [];
for (const { app: name, bundler, chunks } of rows) {
  const budget = budgets[name];
  if (budget !== undefined) {
    const gzip = chatwireShareGzip(chunks);
    checks.push({ target: `${bundler}: ${name}, chatwire's share of the initial files <= ${kb(budget)}`, actual: kb(gzip), pass: gzip <= budget });
  }
  for (const part of expectedLazy[name] ?? []) {
    const holding = chunks.filter((chunk) => chunk.modules.some((m) => m.bytes > 0 && lazyParts[part].test(m.id)));
    const initial = holding.some((chunk) => chunk.initial);
    checks.push({
      target: `${bundler}: ${name} app, ${part} lazy`,
      actual: holding.length === 0 ? 'not in the output' : initial ? 'in an initial file' : `lazy (${holding.length} file${holding.length > 1 ? 's' : ''})`,
      pass: holding.length > 0 && !initial,
    });
  }
  if (name === 'widget') {
    const initialIds = chunks.filter((chunk) => chunk.initial).flatMap((chunk) => chunk.modules.filter((m) => m.bytes > 0).map((m) => m.id));
    const missing = markdownPipeline.filter((pattern) => !initialIds.some((id) => pattern.test(id)));
    checks.push({ target: `${bundler}: widget app, markdown pipeline and GFM initial`, actual: missing.length === 0 ? 'all' : `missing ${missing.join(', ')}`, pass: missing.length === 0 });
  }
}
const checked = new Set(Object.values(expectedLazy).flat());
const unchecked = lazyFiles.filter((file) => !(Object.keys(lazyParts) as LazyPart[]).some((part) => checked.has(part) && lazyParts[part].test(file)));
checks.push({
  target: `every lazy file of the package (${lazyFiles.length}) has a lazy check`,
  actual: unchecked.length === 0 ? 'all' : `unchecked: ${unchecked.join(', ')}`,
  pass: lazyFiles.length > 0 && unchecked.length === 0,
});
console.table(checks.map(({ target, actual, pass }) => ({ target, actual, result: pass ? 'PASS' : 'FAIL' })));

/** The largest contributors to an initial build (minified bytes), by package or chatwire room. */
function contributors(label: string, chunks: OutputChunk[]): void {
  const byPart = new Map<string, number>();
  for (const module of chunks.filter((chunk) => chunk.initial).flatMap((chunk) => chunk.modules)) {
    const own = /\/node_modules\/chatwire\/dist\/([^/]+(?:\/[^/]+)?)\//.exec(module.id)?.[1];
    const pkg = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(module.id)?.[1];
    const part = own ? `chatwire ${own}` : pkg ?? 'app';
    byPart.set(part, (byPart.get(part) ?? 0) + module.bytes);
  }
  const top = [...byPart.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`${label} (esbuild, min bytes): ${top.map(([part, bytes]) => `${part} ${(bytes / KB).toFixed(1)}`).join(', ')}`);
}
for (const name of ['hooks', 'widget', 'core'] as const) {
  const row = rows.find((r) => r.app === name && r.bundler === 'esbuild');
  if (row) contributors(name, row.chunks);
}
process.exit(process.env.BENCH_STRICT === '1' && !checks.every((check) => check.pass) ? 1 : 0);
